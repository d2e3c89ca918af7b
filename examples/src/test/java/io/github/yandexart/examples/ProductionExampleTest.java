package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's production quick start and transport choice, run against the emulator. */
class ProductionExampleTest {
  @TempDir
  Path dir;

  private final YandexArtEmulator emulator = YandexArtEmulator.builder()
      .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start();

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** The environment a deployment would have, pointed at the emulator. */
  private Map<String, String> env() {
    return Map.of("YC_API_KEY", "example-key", "YC_FOLDER_ID", "b1gexample",
        "YANDEXART_ENDPOINT", emulator.restEndpoint().toString());
  }

  @Test
  void productionCodeGeneratesFromTheEnvironment() throws Exception {
    ClientConfig config = ClientConfig.fromEnvironment(env()).toBuilder().transport("rest").build();
    // README: production
    try (YandexArtClient client = YandexArtClient.create(config)) {
      ImageGenerationRequest request = ImageGenerationRequest.builder()   // the model: YC_FOLDER_ID's latest
          .addMessage("a red cat on a tin roof")
          .addMessage("blurry, low quality", -1)          // a negative prompt
          .options(ImageGenerationOptions.builder().seed(42).aspectRatio(AspectRatio.of(16, 9)).build())
          .build();
      GeneratedImage image = client.generate(request);
      image.writeTo(dir.resolve("cat.jpeg"));
    }
    // README: end
    assertThat(Files.readAllBytes(dir.resolve("cat.jpeg"))).startsWith(0xff, 0xd8, 0xff);
    assertThat(emulator.store().submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.modelUri()).hasValue(ModelUri.of("b1gexample")));
    assertThat(emulator.requests()).first().satisfies(r ->
        assertThat(r.header("authorization")).hasValue("Api-Key example-key"));
  }

  @Test
  void choosingATransport() {
    ClientConfig config = ClientConfig.fromEnvironment(env());
    // README: transport
    ClientConfig useRest = config.toBuilder().transport("rest").build();   // or "grpc"
    System.out.println(ImageGenerators.describe());   // what is on the classpath, and what wins
    // README: end
    assertThat(ImageGenerators.provider(useRest).name()).isEqualTo("rest");
    assertThat(ImageGenerators.provider(config).name()).as("gRPC wins by priority").isEqualTo("grpc");
  }
}
