package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/** The proxy for a host is asked for once a second at most, and a changed answer is taken. */
class ProxyCachingRoutePlannerTest {
  private static final HttpHost SERVICE = new HttpHost("https", "service.example.invalid", 443);
  private static final HttpHost OPERATIONS = new HttpHost("https", "operations.example.invalid", 443);

  /** A selector that records the URIs it is asked about and answers with {@link #proxy} (null: direct). */
  private static final class CountingSelector extends ProxySelector {
    final List<URI> asked = new ArrayList<>();
    volatile InetSocketAddress proxy;

    @Override
    public List<Proxy> select(URI uri) {
      asked.add(uri);
      InetSocketAddress p = proxy;
      return List.of(p == null ? Proxy.NO_PROXY : new Proxy(Proxy.Type.HTTP, p));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      // nothing to remember
    }
  }

  private final CountingSelector selector = new CountingSelector();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ProxyCachingRoutePlanner planner = new ProxyCachingRoutePlanner(selector, now::get);

  private HttpRoute route(HttpHost target) throws Exception {
    return planner.determineRoute(target, HttpClientContext.create());
  }

  @Test
  void asksOncePerHostWithinTheRefreshAndRoutesAsTheSelectorSaid() throws Exception {
    selector.proxy = InetSocketAddress.createUnresolved("proxy.internal", 3128);

    for (int i = 0; i < 1000; i++) {
      HttpRoute r = route(SERVICE);
      assertThat(r.getProxyHost()).isEqualTo(new HttpHost("http", "proxy.internal", 3128));
      assertThat(r.getTargetHost()).isEqualTo(SERVICE);
      now.addAndGet(ProxyCachingRoutePlanner.REFRESH_NANOS / 2000);
    }
    HttpRoute other = route(OPERATIONS);

    assertThat(selector.asked).containsExactly(URI.create("https://service.example.invalid:443"),
        URI.create("https://operations.example.invalid:443"));
    assertThat(other.getTargetHost()).isEqualTo(OPERATIONS);
  }

  @Test
  void aChangedAnswerIsTakenOnceTheRefreshHasPassed() throws Exception {
    assertThat(route(SERVICE).getProxyHost()).isNull();
    selector.proxy = InetSocketAddress.createUnresolved("proxy.internal", 3128);

    now.addAndGet(ProxyCachingRoutePlanner.REFRESH_NANOS - 1);
    assertThat(route(SERVICE).getProxyHost()).as("still the answer of less than a second ago").isNull();
    now.addAndGet(1);
    assertThat(route(SERVICE).getProxyHost()).isEqualTo(new HttpHost("http", "proxy.internal", 3128));
    assertThat(selector.asked).hasSize(2);
  }
}
