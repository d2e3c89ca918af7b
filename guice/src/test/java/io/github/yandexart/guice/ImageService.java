package io.github.yandexart.guice;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import jakarta.inject.Inject;

/** An application class as users write them: it only knows the client. */
final class ImageService {
  private final YandexArtClient client;

  @Inject
  ImageService(YandexArtClient client) {
    this.client = client;
  }

  GeneratedImage draw(String prompt) {
    return client.generate(ImageGenerationRequest.of(ModelUri.of("b1gguice"), prompt));
  }

  /** Leaves the model to the configured folder. */
  GeneratedImage drawInTheConfiguredFolder(String prompt) {
    return client.generate(ImageGenerationRequest.of(prompt));
  }

  YandexArtClient client() {
    return client;
  }
}
