package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeImageGeneratorExtensionOptionsTest {
  @RegisterExtension
  static final FakeImageGeneratorExtension FAKE = FakeImageGeneratorExtension.builder()
      .smallImages(false)
      .defaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "unsafe")))
      .waitPolicy(WaitPolicy.defaults().toBuilder().initialDelay(Duration.ofSeconds(5)).maxDelay(Duration.ofSeconds(5)).build())
      .build();

  private static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gext"), "a red cat");

  @Test
  void defaultOutcomeAndWaitPolicyComeFromTheBuilder(YandexArtClient client, VirtualScheduler time) {
    assertThatThrownBy(() -> time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(1)))
        .isInstanceOf(OperationFailedException.class)
        .hasMessageContaining("unsafe");
    assertThat(time.now()).isEqualTo(VirtualSchedulerTest.START.plusSeconds(5));
  }

  @Test
  void fullSizeImagesWhenAskedFor(FakeImageGenerator fake) throws IOException {
    fake.store().enqueueOutcome(Outcome.succeedAfterReads(0));
    BufferedImage image = ImageIO.read(fake.submit(REQUEST).join().image().orElseThrow().inputStream());
    assertThat(image.getWidth()).isEqualTo(1024);
  }
}
