package com.example;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class GenerateOneImageTest {
  @Test
  void generatesOneImageThroughTheOnlyTransportOnTheClasspath() {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().build().start()) {
      ClientConfig config = ClientConfig.builder()
          .credentials(Credentials.apiKey("consumer"))
          .endpoint(emulator.restEndpoint())
          .build();
      Assertions.assertEquals("rest", ImageGenerators.provider(config).name());
      try (YandexArtClient client = YandexArtClient.create(config)) {
        GeneratedImage image = client.generate(
            ImageGenerationRequest.of(ModelUri.of("b1gconsumer"), "a red cat"));
        Assertions.assertEquals("image/jpeg", image.mimeType());
      }
    }
  }
}
