package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The call's deadline ({@link CallOptions}, else the configured call timeout) is the only time limit
 * of a call, and its error says whether the request left: real sockets, silent servers.
 */
class RestDeadlineTest {
  private static final CallOptions SHORT = CallOptions.timeout(Duration.ofMillis(300));
  /**
   * For a call that must have left before its deadline: long enough for a cold client to connect on
   * a loaded machine (the request counts as sent once a connection carries it).
   */
  private static final CallOptions AFTER_SENDING = CallOptions.timeout(Duration.ofSeconds(2));

  /** Accepts TCP connections and holds them without a byte in reply, TLS handshakes included. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
      Thread t = new Thread(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
          }
        } catch (IOException e) {
          // closed
        }
      }, "silent-server");
      t.setDaemon(true);
      t.start();
    }

    URI httpsEndpoint() {
      return URI.create("https://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aPerCallTimeoutWhileTheTlsHandshakeNeverEndsIsConnectOriginAndNotSent() throws IOException {
    try (SilentServer silent = new SilentServer();
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(silent.httpsEndpoint(), Duration.ofSeconds(30)).build())) {
      long started = System.nanoTime();

      ApiCallException e = failure(generator.submit(request("a red cat"), SHORT));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("no connection", "PT0.3S", "not sent");
    }
  }

  @Test
  void aPerCallTimeoutAfterTheRequestLeftIsTransportOrigin() throws InterruptedException {
    try (RawServer server = RawServer.silent();
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint(), Duration.ofSeconds(30)).build())) {
      long started = System.nanoTime();

      ApiCallException e = failure(generator.submit(request("a red cat"), AFTER_SENDING));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("no answer", "PT2S", "may still take effect");
      assertThat(server.awaitRequest()).isTrue();
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void aPerCallTimeoutLongerThanTheConfiguredOneIsHonoured() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    try (RawServer server = RawServer.start((request, out) -> {
      if (request.target.endsWith("/slow")) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(RawServer.response("200 OK", "application/json", "{\"id\":\"slow\",\"done\":false}"));
        return true;
      }
      request.awaitHangup();
      return false;
    });
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint(), Duration.ofMillis(200)).build())) {
      CompletableFuture<Operation> slow = generator.getOperation("slow", CallOptions.timeout(Duration.ofSeconds(30)));
      ApiCallException configured = failure(generator.getOperation("silent"));

      // the configured 200 ms passed (the other call ended at it), yet the 30 s call still runs
      assertThat(configured.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(slow).isNotDone();
      release.countDown();
      assertThat(result(slow).id()).isEqualTo("slow");
    }
  }
}
