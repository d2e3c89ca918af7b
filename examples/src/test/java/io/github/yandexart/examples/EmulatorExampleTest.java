package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.Outcome;
import org.junit.jupiter.api.Test;

/** The README's emulator example: the real transport, over a real socket, no cloud. */
class EmulatorExampleTest {
  @Test
  void aRealTransportAgainstTheEmulator() {
    GeneratedImage result;
    // README: emulator
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().build().start()) {
      emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
      ClientConfig config = ClientConfig.builder()
          .credentials(Credentials.apiKey("anything"))
          .endpoint(emulator.grpcEndpoint())                // or restEndpoint() with transport("rest")
          .transport("grpc")
          .build();
      try (YandexArtClient client = YandexArtClient.create(config)) {
        result = client.generate(ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat"));
      }
    }
    // README: end
    assertThat(result.mimeType()).isEqualTo("image/jpeg");
  }
}
