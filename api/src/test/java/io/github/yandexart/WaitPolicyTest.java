package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitPolicyTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    WaitPolicy p = WaitPolicy.defaults();
    assertThat(p.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.multiplier()).isEqualTo(1.5);
    assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.jitter()).isEqualTo(0.2);
    assertThat(p.totalBudget()).isEqualTo(Duration.ofHours(1));
    assertThat(p.callTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.notFoundTolerance()).isEqualTo(3);
    assertThat(p.notFoundWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.maxConsecutiveReadFailures()).isEqualTo(10);
    assertThat(p.maxSubmitAttempts()).isEqualTo(3);
    assertThat(p.maxReadsPerSecond()).isEqualTo(50);
  }

  @Test
  void backoffGrowsByTheMultiplierUpToTheCap() {
    WaitPolicy p = WaitPolicy.defaults();
    assertThat(p.backoff(0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(1500));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(2250));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(3375));
    assertThat(p.backoff(5)).isEqualTo(Duration.ofNanos(7_593_750_000L));
    assertThat(p.backoff(6)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(10_000)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(-3)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void toBuilderRoundTrips() {
    WaitPolicy p = WaitPolicy.builder().initialDelay(Duration.ofMillis(5)).multiplier(2).maxDelay(Duration.ofSeconds(1))
        .jitter(0).totalBudget(Duration.ofMinutes(1)).callTimeout(Duration.ofSeconds(2))
        .notFoundTolerance(1, Duration.ofSeconds(3)).maxConsecutiveReadFailures(4).maxSubmitAttempts(5)
        .maxReadsPerSecond(6).build();
    assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(p.toBuilder().maxReadsPerSecond(7).build()).isNotEqualTo(p);
  }

  @Test
  void invalidSettingsAreRefusedByName() {
    assertThatThrownBy(() -> WaitPolicy.builder().multiplier(0.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier 0.5");
    assertThatThrownBy(() -> WaitPolicy.builder().multiplier(Double.NaN).build()).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> WaitPolicy.builder().maxDelay(Duration.ofMillis(10)).build())
        .hasMessageContaining("maxDelay PT0.01S is below initialDelay PT1S");
    assertThatThrownBy(() -> WaitPolicy.builder().jitter(1).build()).hasMessageContaining("jitter 1.0");
    assertThatThrownBy(() -> WaitPolicy.builder().jitter(-0.1).build()).hasMessageContaining("jitter");
    assertThatThrownBy(() -> WaitPolicy.builder().totalBudget(Duration.ZERO).build()).hasMessageContaining("totalBudget");
    assertThatThrownBy(() -> WaitPolicy.builder().callTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> WaitPolicy.builder().initialDelay(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> WaitPolicy.builder().maxSubmitAttempts(0).build())
        .hasMessage("maxSubmitAttempts 0 must be at least 1");
    assertThatThrownBy(() -> WaitPolicy.builder().maxReadsPerSecond(0).build())
        .hasMessage("maxReadsPerSecond 0 must be at least 1");
    assertThatThrownBy(() -> WaitPolicy.builder().notFoundTolerance(-1, Duration.ZERO).build())
        .hasMessageContaining("notFoundTolerance");
    assertThatThrownBy(() -> WaitPolicy.builder().maxConsecutiveReadFailures(-1).build())
        .hasMessageContaining("maxConsecutiveReadFailures");
  }

  @Test
  void theSubmitBudgetDefaultsToTheServicesQuotaAndMustBePositive() {
    assertThat(WaitPolicy.defaults().maxSubmitsPerMinute()).isEqualTo(500);
    assertThat(WaitPolicy.defaults().toBuilder().maxSubmitsPerMinute(7).build().maxSubmitsPerMinute()).isEqualTo(7);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WaitPolicy.builder().maxSubmitsPerMinute(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSubmitsPerMinute");
  }
}
