package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallOptionsTest {
  @Test
  void defaultsLeaveTheTimeoutToTheGeneratorsConfiguration() {
    assertThat(CallOptions.defaults().timeout()).isEmpty();
    assertThat(CallOptions.defaults().timeoutOr(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aGivenTimeoutWinsOverTheConfiguredOne() {
    CallOptions o = CallOptions.timeout(Duration.ofSeconds(5));
    assertThat(o.timeout()).hasValue(Duration.ofSeconds(5));
    assertThat(o.timeoutOr(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
    assertThat(o).isEqualTo(CallOptions.timeout(Duration.ofSeconds(5))).hasSameHashCodeAs(CallOptions.timeout(Duration.ofSeconds(5)));
    assertThat(o).isNotEqualTo(CallOptions.defaults());
  }

  @Test
  void aZeroOrNegativeTimeoutIsRefused() {
    assertThatThrownBy(() -> CallOptions.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
