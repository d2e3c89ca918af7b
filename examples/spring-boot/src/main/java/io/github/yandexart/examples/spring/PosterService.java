package io.github.yandexart.examples.spring;

// README: spring-boot-service
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.YandexArtClient;
import org.springframework.stereotype.Service;

/** Makes posters; the starter provides the client, configured by the yandexart.* properties. */
@Service
public class PosterService {
  private final YandexArtClient client;

  public PosterService(YandexArtClient client) {
    this.client = client;
  }

  public GeneratedImage poster(String prompt) {
    // no model URI: the client uses art://<yandexart.folder-id>/yandex-art/latest
    return client.generate(ImageGenerationRequest.of(prompt));
  }
}
// README: end
