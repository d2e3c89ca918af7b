package io.github.yandexart.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One store behind both protocols: what one transport starts, the other can wait for or cancel. */
class CrossTransportTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gcross"), "a red cat");
  private static final WaitPolicy QUICK = WaitPolicy.builder()
      .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build();

  private final YandexArtEmulator emulator = YandexArtEmulator.builder()
      .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private YandexArtClient client(String transport) {
    URI endpoint = transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint();
    ClientConfig config = ClientConfig.builder().credentials(Credentials.apiKey("cross"))
        .transport(transport).endpoint(endpoint).waitPolicy(QUICK).build();
    return YandexArtClient.create(config);
  }

  @Test
  void submittedOverRestAwaitedOverGrpc() {
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(2));
    try (YandexArtClient rest = client("rest"); YandexArtClient grpc = client("grpc")) {
      String id = rest.submit(REQUEST).id();
      GeneratedImage image = grpc.await(id);

      assertThat(image.bytes()).isEqualTo(rest.getOperation(id).image().orElseThrow().bytes());
    }
    assertThat(emulator.requests()).extracting(RecordedRequest::protocol)
        .startsWith(RecordedRequest.Protocol.REST, RecordedRequest.Protocol.GRPC);
  }

  @Test
  void submittedOverGrpcAwaitedOverRest() {
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(2));
    try (YandexArtClient grpc = client("grpc"); YandexArtClient rest = client("rest")) {
      String id = grpc.submit(REQUEST).id();
      assertThat(rest.await(id).mimeType()).isEqualTo("image/jpeg");
    }
  }

  @Test
  void cancelledOverOneProtocolIsCancelledOverTheOther() {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    try (YandexArtClient grpc = client("grpc"); YandexArtClient rest = client("rest")) {
      String id = rest.submit(REQUEST).id();
      grpc.cancelOperation(id);
      assertThatThrownBy(() -> rest.await(id)).isInstanceOf(OperationCancelledException.class)
          .hasMessageContaining(id);
    }
  }
}
