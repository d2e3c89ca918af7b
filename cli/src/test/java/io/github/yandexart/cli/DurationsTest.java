package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationsTest {
  @Test
  void readsShortFormsAndIso() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("pt1m")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void refusesWhatIsNotAPositiveDuration() {
    for (String bad : new String[] {"soon", "0s", "-1s", "5", "PT0S"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining(bad);
    }
  }
}
