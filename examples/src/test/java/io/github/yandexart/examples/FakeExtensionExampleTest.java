package io.github.yandexart.examples;

import static io.github.yandexart.testkit.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.FakeImageGeneratorExtension;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's testing section: the JUnit extension, virtual time and assertions on calls. */
// README: junit
@ExtendWith(FakeImageGeneratorExtension.class)
class FakeExtensionExampleTest {
  static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat");

  @Test
  void generatesOnce(YandexArtClient client, FakeImageGenerator fake, VirtualScheduler time) {
    GeneratedImage image = time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(1));

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(fake).submittedOnce().submittedPrompt("a red cat");
  }
}
// README: end
