package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.callTimeout;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a failed call failed decides whether a submit may be repeated: each way a call can fail,
 * against real sockets.
 */
class GrpcOriginTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gorigin"), "a lighthouse");

  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  @Test
  void connectionRefusedOnAClosedPortIsConnectOriginAndProvablyNotAccepted() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (GrpcImageGenerator generator =
        GrpcImageGenerator.create(config(URI.create("http://127.0.0.1:" + port)).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("127.0.0.1:" + port, "not sent");
    }
  }

  @Test
  void tlsHandshakeFailureIsConnectOrigin() {
    URI tlsToPlaintextPort = URI.create("https://127.0.0.1:" + EMULATOR.emulator().grpcEndpoint().getPort());
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(tlsToPlaintextPort).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.isProvablyNotAccepted()).isTrue();
    }
    assertThat(EMULATOR.emulator().requests()).isEmpty();
    assertThat(EMULATOR.store().submittedRequests()).isEmpty();
  }

  @Test
  void deadlineWhileTheConnectionNeverBecomesReadyIsConnectOrigin() throws IOException {
    // accepts TCP connections but never speaks HTTP/2, so no stream is ever created
    try (SilentServer silent = new SilentServer();
        GrpcImageGenerator generator = GrpcImageGenerator.create(config(silent.endpoint())
            .waitPolicy(callTimeout(Duration.ofMillis(500))).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("no connection", "500 ms");
    }
  }

  @Test
  void serverThatNeverAnswersIsADeadlineWithTransportOrigin() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint())
        .waitPolicy(callTimeout(Duration.ofMillis(500))).build())) {
      warmUp(generator);
      EMULATOR.emulator().faults().delayNextResponses(1, Duration.ofHours(1));
      long started = System.nanoTime();

      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.isRetryableRead()).isTrue();
      assertThat(e.clientRequestId()).isPresent();
      assertThat(e.getMessage()).contains("no answer", "500 ms");
      // the service did start the generation: repeating the submit would start a second one
      assertThat(EMULATOR.store().submittedRequests()).containsExactly(REQUEST);
    }
  }

  @Test
  void droppedCallIsTransportOriginAndTheChannelRecovers() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      warmUp(generator);
      EMULATOR.emulator().faults().dropNextConnections(1);

      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.isRetryableRead()).isTrue();
      assertThat(e.requestId()).isEmpty();
      assertThat(EMULATOR.store().submittedRequests()).containsExactly(REQUEST);

      assertThat(await(generator.submit(REQUEST)).id()).isNotBlank();
      assertThat(EMULATOR.store().submittedRequests()).hasSize(2);
    }
  }

  @Test
  void refusalByTheServerIsServerOriginAndProvablyNotAccepted() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      EMULATOR.store().faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, null);

      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.requestId()).isPresent();
      assertThat(e.requestId()).isEqualTo(e.status().orElseThrow().requestId());
      assertThat(e.serverTraceId()).isPresent();
    }
  }

  @Test
  void internalErrorOnSubmitIsServerOriginButNotProvablyRefused() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      EMULATOR.store().faults().refuseNextSubmits(1, StatusCode.INTERNAL, null);

      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.isProvablyNotAccepted()).isFalse();
    }
  }

  @Test
  void aPerCallTimeoutWhileNoConnectionIsReadyIsConnectOrigin() throws IOException {
    try (SilentServer silent = new SilentServer();
        GrpcImageGenerator generator = GrpcImageGenerator.create(config(silent.endpoint())
            .waitPolicy(callTimeout(Duration.ofSeconds(30))).build())) {
      long started = System.nanoTime();

      ApiCallException e = failure(generator.submit(REQUEST, CallOptions.timeout(Duration.ofMillis(300))));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("no connection", "300 ms");
    }
  }

  @Test
  void aPerCallTimeoutAfterTheRequestLeftIsTransportOrigin() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint())
        .waitPolicy(callTimeout(Duration.ofSeconds(30))).build())) {
      warmUp(generator);
      EMULATOR.emulator().faults().delayNextResponses(1, Duration.ofHours(1));
      long started = System.nanoTime();

      ApiCallException e = failure(generator.submit(REQUEST, CallOptions.timeout(Duration.ofMillis(300))));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.getMessage()).contains("no answer", "300 ms");
      assertThat(EMULATOR.store().submittedRequests()).containsExactly(REQUEST);
    }
  }

  @Test
  void aPerCallTimeoutLongerThanTheConfiguredOneIsHonoured() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint())
        .waitPolicy(callTimeout(Duration.ofMillis(300))).build())) {
      warmUp(generator);
      EMULATOR.emulator().faults().delayNextResponses(1, Duration.ofMillis(1500));

      // answered after 1.5 s: five times the configured call timeout, within the call's own
      assertThat(await(generator.submit(REQUEST, CallOptions.timeout(Duration.ofSeconds(30)))).id()).isNotBlank();
    }
  }

  /**
   * Makes the channel connect, so that the next call's stream is created at once; under a timeout
   * of its own, as a cold channel on a loaded machine may take longer than the test's short one.
   */
  private static void warmUp(GrpcImageGenerator generator) {
    assertThat(failure(generator.getOperation("warm-up", CallOptions.timeout(Duration.ofSeconds(10)))).code())
        .isEqualTo(StatusCode.NOT_FOUND);
    EMULATOR.emulator().reset();
  }

  /** Accepts TCP connections and holds them open without a byte in reply. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
          }
        } catch (IOException e) {
          // closed
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() {
      try {
        socket.close();
        for (Socket s : accepted) {
          s.close();
        }
        acceptor.join(5_000);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
