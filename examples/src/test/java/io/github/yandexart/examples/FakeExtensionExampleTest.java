package io.github.yandexart.examples;

// README: junit
import static io.github.yandexart.testkit.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.FakeImageGeneratorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeImageGeneratorExtension.class)
class FakeExtensionExampleTest {
  static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat");

  @Test
  void generatesOnce(YandexArtClient client, FakeImageGenerator fake) {
    GeneratedImage image = client.generate(REQUEST);   // blocks in virtual time: no real waiting

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(fake).submittedOnce().submittedPrompt("a red cat");
  }
}
// README: end
