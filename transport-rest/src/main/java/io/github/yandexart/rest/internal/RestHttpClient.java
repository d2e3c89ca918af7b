package io.github.yandexart.rest.internal;

import io.github.yandexart.ClientConfig;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the one pooled asynchronous HttpClient 5 of a REST generator: HTTP/2 where TLS ALPN
 * negotiates it, HTTP/1.1 otherwise; no retries, redirects, cookies or authentication caching of its
 * own; the configured proxy; and a hook that marks a {@link RestCall} as sent right before its request
 * is written.
 *
 * <p>The only time limits here are {@link ClientConfig#connectTimeout()} (TCP connect and TLS
 * handshake) and idle eviction. A call's deadline is not HttpClient's business: {@link
 * RestImageGenerator} runs it, one timer for all calls, so that it holds whatever the call's {@code
 * CallOptions} say and its error knows whether the request was sent.
 */
final class RestHttpClient {
  /** The context attribute under which an exchange carries its {@link RestCall}. */
  static final String CALL_ATTRIBUTE = "io.github.yandexart.rest.call";
  /** Connections idle this long are closed. */
  private static final TimeValue IDLE = TimeValue.ofSeconds(20);

  private RestHttpClient() {}

  /**
   * A client for {@code config} with {@code ioThreads} I/O threads made by {@code io}, not yet
   * started, whose idle connections {@code timer} closes; {@code dns} may be null (the system
   * resolver).
   */
  static CloseableHttpAsyncClient create(ClientConfig config, DnsResolver dns, int ioThreads, ThreadFactory io,
      ScheduledExecutorService timer) {
    Timeout connect = Timeout.of(config.connectTimeout());
    PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
        .setTlsStrategy(ClientTlsStrategyBuilder.create()
            .setSslContext(SSLContexts.createSystemDefault())
            .buildAsync())
        .setDefaultTlsConfig(TlsConfig.custom()
            .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
            .setHandshakeTimeout(connect)
            .build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(connect)
            .setSocketTimeout(Timeout.DISABLED)
            // Re-check a connection idle this long before reusing it: a request written to a
            // connection the server has quietly closed fails with an unknown outcome.
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build())
        .setMaxConnTotal(64)
        .setMaxConnPerRoute(64);
    if (dns != null) {
      pool.setDnsResolver(dns);
    }
    PoolingAsyncClientConnectionManager connections = pool.build();
    // What HttpClient's evictIdleConnections() does, on the generator's timer instead of a thread of its own.
    timer.scheduleWithFixedDelay(() -> {
      connections.closeExpired();
      connections.closeIdle(IDLE);
    }, IDLE.toSeconds() / 2, IDLE.toSeconds() / 2, TimeUnit.SECONDS);
    return HttpAsyncClients.custom()
        .setConnectionManager(connections)
        .setIOReactorConfig(IOReactorConfig.custom()
            .setIoThreadCount(ioThreads)
            .setSoTimeout(Timeout.DISABLED)
            .build())
        .setH2Config(H2Config.custom().setPushEnabled(false).build())
        // The configured proxy, else the JVM's default selector (https.proxyHost and friends), as
        // grpc-java does; HttpClient's own default would ignore both.
        .setRoutePlanner(new ProxyCachingRoutePlanner(config.proxy().orElse(null)))
        .setThreadFactory(io)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.DISABLED)
            .setResponseTimeout(Timeout.DISABLED)
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            // No "Upgrade: TLS/1.2" offers on plaintext requests (http:// is only for emulators).
            .setProtocolUpgradeEnabled(false)
            .build())
        // One call is one request: the client's wait engine owns retries, and it may repeat a
        // submit only when the failure proves the request was not accepted.
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "yandexart-sent-marker",
            (request, entity, scope, chain, callback) -> {
              Object owner = scope.clientContext.getAttribute(CALL_ATTRIBUTE);
              if (owner instanceof RestCall && !((RestCall) owner).markSent(scope.execRuntime)) {
                throw new IOException("the call ended before its request was sent");
              }
              chain.proceed(request, entity, scope, callback);
            })
        .build();
  }

  /** Daemon threads named {@code <name>-<n>}. */
  static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
