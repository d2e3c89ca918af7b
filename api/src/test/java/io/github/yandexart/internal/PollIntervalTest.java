package io.github.yandexart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollIntervalTest {
  @Test
  void valuesAreReadAsPossiblyFractionalSecondsWithAnOptionalUnit() {
    assertThat(PollInterval.parse("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(PollInterval.parse(" 0.25 ")).isEqualTo(Duration.ofMillis(250));
    assertThat(PollInterval.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(PollInterval.parse("1.500s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void unusableValuesAreNoHint() {
    assertThat(PollInterval.parse(null)).isNull();
    assertThat(PollInterval.parse("")).isNull();
    assertThat(PollInterval.parse("0")).isNull();
    assertThat(PollInterval.parse("-1")).isNull();
    assertThat(PollInterval.parse("soon")).isNull();
    assertThat(PollInterval.parse("1e3")).isNull();
    assertThat(PollInterval.parse("99999999999")).isNull();
    assertThat(PollInterval.parse("1.2.3")).isNull();
  }

  @Test
  void formattingIsPlainSecondsAndReadsBackTheSame() {
    assertThat(PollInterval.format(Duration.ofSeconds(2))).isEqualTo("2");
    assertThat(PollInterval.format(Duration.ofSeconds(20))).isEqualTo("20");
    assertThat(PollInterval.format(Duration.ofMillis(1500))).isEqualTo("1.5");
    assertThat(PollInterval.format(Duration.ofNanos(1))).isEqualTo("0.000000001");
    for (Duration d : new Duration[] {Duration.ofNanos(1), Duration.ofMillis(250), Duration.ofMinutes(3)}) {
      assertThat(PollInterval.parse(PollInterval.format(d))).isEqualTo(d);
    }
    assertThatThrownBy(() -> PollInterval.format(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
