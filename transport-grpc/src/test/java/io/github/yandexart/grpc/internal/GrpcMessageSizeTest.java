package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageSink;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import io.github.yandexart.testkit.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Large images: received whole within the limit, refused clearly beyond it. */
class GrpcMessageSizeTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gsize"), "a very detailed cat");

  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  /** A JPEG-signed image of {@code size} random (incompressible) bytes. */
  private static byte[] image(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xd8;
    bytes[2] = (byte) 0xff;
    return bytes;
  }

  @Test
  void sixteenMebibyteImageArrivesWhole() {
    byte[] big = image(16 << 20);
    EMULATOR.store().enqueueOutcome(Outcome.succeedAfterReads(0).withImage(GeneratedImage.of(big, "v-big")));

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      String id = await(generator.submit(REQUEST)).id();
      Operation done = await(generator.getOperation(id));

      GeneratedImage image = done.image().orElseThrow();
      assertThat(image.size()).isEqualTo(big.length);
      assertThat(image.bytes()).isEqualTo(big);
      assertThat(image.modelVersion()).contains("v-big");
    }
  }

  @Test
  void sixteenMebibyteImageStreamsIntoTheSinkOfTheCall() throws Exception {
    byte[] big = image(16 << 20);
    EMULATOR.store().enqueueOutcome(Outcome.succeedAfterReads(0).withImage(GeneratedImage.of(big, "v-big")));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    List<String> opened = new ArrayList<>();
    ImageSink sink = (operationId, mimeType) -> {
      // a sink may block: never on the event loop
      opened.add(operationId + " " + mimeType + " " + Thread.currentThread().getName().startsWith(GrpcThreads.CALLBACK_PREFIX));
      return received;
    };

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      String id = await(generator.submit(REQUEST)).id();
      Operation done = await(generator.getOperation(id, CallOptions.defaults().withImageSink(sink)));

      GeneratedImage image = done.image().orElseThrow();
      assertThat(image.isStreamed()).isTrue();
      assertThat(image.size()).isEqualTo(big.length);
      assertThat(image.modelVersion()).contains("v-big");
      assertThat(image.operationId()).contains(id);
      assertThat(opened).containsExactly(id + " image/jpeg true");
      assertThat(received.toByteArray()).isEqualTo(big);
    }
  }

  @Test
  void aSinkThatCannotBeOpenedFailsTheCallWithUncheckedIoException() {
    EMULATOR.store().enqueueOutcome(Outcome.succeedAfterReads(0).withImage(GeneratedImage.of(image(1000), null)));
    ImageSink sink = (operationId, mimeType) -> {
      throw new IOException("no space left");
    };

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      String id = await(generator.submit(REQUEST)).id();
      CompletableFuture<Operation> read = generator.getOperation(id, CallOptions.defaults().withImageSink(sink));

      assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(id)
          .hasMessageContaining("no space left");
      // the channel is fine afterwards
      assertThat(await(generator.getOperation(id)).image().orElseThrow().size()).isEqualTo(1000);
    }
  }

  @Test
  void answerLargerThanMaxResponseSizeIsAClearErrorNamingTheSetting() {
    EMULATOR.store().enqueueOutcome(
        Outcome.succeedAfterReads(0).withImage(GeneratedImage.of(image(2 << 20), null)));

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(
        config(EMULATOR.emulator().grpcEndpoint()).maxResponseSize(1 << 20).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      // not a quota refusal, and the same answer every time
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.isRetryableRead()).isFalse();
      // the service did accept the submit; only its answer was too big
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("maxResponseSize", String.valueOf(1 << 20));
      assertThat(EMULATOR.store().submittedRequests()).hasSize(1);
    }
  }

  @Test
  void anOversizedAnswerIsReadOnceByTheClientNotRetried() {
    EMULATOR.store().enqueueOutcome(
        Outcome.succeedAfterReads(1).withImage(GeneratedImage.of(image(2 << 20), null)));
    ClientConfig config = config(EMULATOR.emulator().grpcEndpoint()).maxResponseSize(1 << 20).build();

    try (YandexArtClient client = YandexArtClient.create(GrpcImageGenerator.create(config))) {
      String id = client.submit(REQUEST).id();

      assertThatThrownBy(() -> client.await(id))
          .isInstanceOfSatisfying(ApiCallException.class, e -> assertThat(e.isPermanent()).isTrue());
      // the same answer every time: one read, no retries
      assertThat(EMULATOR.emulator().requests()).filteredOn(r -> r.method().endsWith("/Get")).hasSize(1);
    }
  }
}
