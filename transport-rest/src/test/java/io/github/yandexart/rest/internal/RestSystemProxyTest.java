package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

/**
 * Without {@code ClientConfig.proxy(...)} the JVM's proxy properties apply, as grpc-java applies them.
 * The JDK never proxies loopback, so the endpoint is a name that only the proxy (on loopback) ever
 * sees: a resolver that knows only 127.0.0.1 makes sure no lookup leaves the machine.
 */
class RestSystemProxyTest {
  private static final DnsResolver ONLY_LOOPBACK = new DnsResolver() {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (host.equals("127.0.0.1")) {
        return new InetAddress[] {InetAddress.getLoopbackAddress()};
      }
      throw new UnknownHostException(host + " (this test resolves no names)");
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      throw new UnknownHostException(host);
    }
  };

  @Test
  void theJvmsHttpProxyPropertiesAreHonoured() throws Exception {
    String[] names = {"http.proxyHost", "http.proxyPort"};
    String[] before = {System.getProperty(names[0]), System.getProperty(names[1])};
    try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> requestLine = CompletableFuture.supplyAsync(() -> answerOnce(proxy));
      System.setProperty("http.proxyHost", "127.0.0.1");
      System.setProperty("http.proxyPort", String.valueOf(proxy.getLocalPort()));
      ClientConfig config = ClientConfig.builder()
          .credentials(Credentials.apiKey("test-api-key"))
          .endpoint("http://yandexart.example.invalid")
          .allowInsecure(true)
          .build();
      try (RestImageGenerator generator = new RestImageGenerator(config, ONLY_LOOPBACK, Clock.systemUTC())) {
        Operation op = generator.getOperation("op1").get(20, TimeUnit.SECONDS);

        assertThat(op.id()).isEqualTo("op1");
        assertThat(requestLine.get(20, TimeUnit.SECONDS))
            .isEqualTo("GET http://yandexart.example.invalid/operations/op1 HTTP/1.1");
      }
    } finally {
      for (int i = 0; i < names.length; i++) {
        if (before[i] == null) {
          System.clearProperty(names[i]);
        } else {
          System.setProperty(names[i], before[i]);
        }
      }
    }
  }

  /** Reads one request head, answers it with a running operation, and returns the request line. */
  private static String answerOnce(ServerSocket server) {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      byte[] body = "{\"id\":\"op1\",\"done\":false}".getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(body);
      String text = head.toString(StandardCharsets.US_ASCII);
      return text.substring(0, Math.max(0, text.indexOf("\r\n")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
