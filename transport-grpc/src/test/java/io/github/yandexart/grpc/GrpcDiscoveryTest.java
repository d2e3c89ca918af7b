package io.github.yandexart.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.grpc.internal.GrpcImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ImageGenerators finds this transport through ServiceLoader. */
class GrpcDiscoveryTest {
  @Test
  void serviceLoaderFindsTheGrpcProviderWithItsNameAndPriority() {
    assertThat(ImageGenerators.providers())
        .filteredOn(p -> p instanceof GrpcImageGeneratorProvider)
        .singleElement()
        .satisfies(p -> {
          assertThat(p.name()).isEqualTo("grpc");
          assertThat(p.priority()).isEqualTo(20);
          assertThat(p.isAvailable()).isTrue();
        });
    assertThat(ImageGenerators.describe()).contains("grpc (priority 20, available)");
  }

  @Test
  void createPicksGrpcByPriorityAndByNameAndItWorks() throws Exception {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .build()
        .start()) {
      ClientConfig config = ClientConfig.builder()
          .credentials(Credentials.apiKey("discovery-key"))
          .endpoint(emulator.grpcEndpoint())
          .build();
      try (ImageGenerator byPriority = ImageGenerators.create(config);
          ImageGenerator byName = ImageGenerators.create(config.toBuilder().transport("grpc").build())) {
        assertThat(byPriority).isInstanceOf(GrpcImageGenerator.class);
        assertThat(byName).isInstanceOf(GrpcImageGenerator.class);
        String id = byName.submit(ImageGenerationRequest.of(ModelUri.of("b1gfound"), "found"))
            .get(30, TimeUnit.SECONDS).id();
        assertThat(emulator.store().operationIds()).containsExactly(id);
      }
    }
  }
}
