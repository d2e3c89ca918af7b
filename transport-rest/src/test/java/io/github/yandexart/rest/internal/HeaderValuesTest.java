package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValuesTest {
  private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

  @Test
  void retryAfterInSecondsIsADuration() {
    assertThat(HeaderValues.retryAfter("3", NOW)).isEqualTo(Duration.ofSeconds(3));
    assertThat(HeaderValues.retryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    assertThat(HeaderValues.retryAfter("1.25", NOW)).isEqualTo(Duration.ofMillis(1250));
    assertThat(HeaderValues.retryAfter("86400", NOW)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
    assertThat(HeaderValues.retryAfter("Fri, 01 Mar 2024 10:02:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void retryAfterInThePastIsZero() {
    assertThat(HeaderValues.retryAfter("Fri, 01 Mar 2024 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "1e3", "Friday", "99999999999999"})
  void unusableRetryAfterIsIgnored(String value) {
    assertThat(HeaderValues.retryAfter(value, NOW)).isNull();
  }

  @Test
  void secondsArePossiblyFractionalWithAnOptionalUnit() {
    assertThat(HeaderValues.seconds("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(HeaderValues.seconds("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(HeaderValues.seconds("0.25s")).isEqualTo(Duration.ofMillis(250));
    assertThat(HeaderValues.seconds("1.500s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(HeaderValues.seconds(null)).isNull();
    assertThat(HeaderValues.seconds("-1")).isNull();
    assertThat(HeaderValues.seconds("fast")).isNull();
  }
}
