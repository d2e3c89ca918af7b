package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  @Test
  void negativeReadsOrDurationsAreRefused() {
    assertThatThrownBy(() -> Outcome.succeedAfterReads(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> Outcome.succeedAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void onlyASucceedingOutcomeTakesAnImage() {
    GeneratedImage image = GeneratedImage.of(new byte[] {1}, null);
    assertThat(Outcome.succeedAfterReads(1).withImage(image).image()).contains(image);
    assertThatThrownBy(() -> Outcome.neverDone().withImage(image)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Outcome.cancelAfterReads(1).withImage(image)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void describesItselfForTestFailures() {
    OperationStatus status = OperationStatus.of(StatusCode.INTERNAL, "oops");
    assertThat(Outcome.succeedAfterReads(2)).hasToString("succeed after 2 reads");
    assertThat(Outcome.failAfter(Duration.ofMinutes(1), status)).hasToString("fail with INTERNAL: oops after PT1M");
    assertThat(Outcome.errorBeforeDone(1, status)).hasToString("error before done (INTERNAL: oops) after 1 reads");
    assertThat(Outcome.neverDone()).hasToString("never done");
  }
}
