package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels: one per distinct endpoint, all released by close(). */
class GrpcLifecycleTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1glife"), "a red cat");

  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  @Test
  void sameGenerationAndOperationEndpointShareOneChannel() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      assertThat(generator.channels()).hasSize(1);
    }
  }

  @Test
  void distinctEndpointsGetAChannelEachAndBothAreUsed() {
    int port = EMULATOR.emulator().grpcEndpoint().getPort();
    ClientConfig config = config(URI.create("http://127.0.0.1:" + port))
        .operationEndpoint(URI.create("http://localhost:" + port))
        .build();
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config)) {
      assertThat(generator.channels()).hasSize(2);
      String id = await(generator.submit(REQUEST)).id();
      assertThat(await(generator.getOperation(id)).id()).isEqualTo(id);
      assertThat(generator.toString()).contains("127.0.0.1:" + port, "localhost:" + port);
    }
  }

  @Test
  void closeShutsEveryChannelDownAndLaterCallsFailAtOnce() {
    int port = EMULATOR.emulator().grpcEndpoint().getPort();
    GrpcImageGenerator generator = GrpcImageGenerator.create(config(URI.create("http://127.0.0.1:" + port))
        .operationEndpoint(URI.create("http://localhost:" + port))
        .build());
    String id = await(generator.submit(REQUEST)).id();
    await(generator.getOperation(id));
    List<ManagedChannel> channels = generator.channels();

    generator.close();
    generator.close();

    assertThat(channels).allSatisfy(c -> assertThat(c.isTerminated()).isTrue());
    assertThat(generator.getOperation(id)).failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("closed");
  }

  @Test
  void configWithoutCredentialsIsRefusedWhenTheGeneratorIsMade() {
    ClientConfig noCredentials = ClientConfig.builder().endpoint(EMULATOR.emulator().grpcEndpoint()).build();

    assertThatThrownBy(() -> GrpcImageGenerator.create(noCredentials))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("YC_API_KEY");
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheCall() throws Exception {
    CompletableFuture<ScriptedServer.Received> arrived = new CompletableFuture<>();
    try (ScriptedServer silent = ScriptedServer.start(arrived::complete);
        GrpcImageGenerator generator = GrpcImageGenerator.create(config(silent.endpoint()).build())) {
      CompletableFuture<?> pending = generator.submit(REQUEST);
      ScriptedServer.Received call = arrived.get(10, TimeUnit.SECONDS);

      assertThat(pending.cancel(true)).isTrue();

      call.cancelled.get(10, TimeUnit.SECONDS);
    }
  }
}
