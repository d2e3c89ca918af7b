package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationOutcomeExceptionsTest {

  @Test
  void operationFailedNamesTheIdCodeAndServerMessage() {
    OperationFailedException e = new OperationFailedException("fbv1",
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "запрос нарушает правила"));
    assertThat(e).hasMessage("operation fbv1 failed: INVALID_ARGUMENT: запрос нарушает правила");
    assertThat(e.operationId()).hasValue("fbv1");
    assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(e.status().message()).isEqualTo("запрос нарушает правила");
  }

  @Test
  void operationCancelledIsAFailureWithCodeOne() {
    OperationCancelledException e = new OperationCancelledException("fbv2",
        OperationStatus.of(StatusCode.CANCELLED, "by user"));
    assertThat(e).isInstanceOf(OperationFailedException.class).hasMessage("operation fbv2 was cancelled: by user");
    assertThat(e.code().number()).isEqualTo(1);
    assertThat(e.operationId()).hasValue("fbv2");
    assertThat(new OperationCancelledException("fbv2", OperationStatus.of(StatusCode.CANCELLED, "")))
        .hasMessage("operation fbv2 was cancelled");
  }

  @Test
  void waitTimeoutSaysHowToResumeAndKeepsTheLastSnapshot() {
    Operation last = Operation.builder("fbv3").build();
    WaitTimeoutException e = new WaitTimeoutException("fbv3", last, Duration.ofMinutes(90));
    assertThat(e).hasMessage("stopped waiting for operation fbv3 after 5400.0s: the total budget ran out;"
        + " it may still finish: resume with YandexArtClient.await(\"fbv3\")");
    assertThat(e.getMessage()).doesNotContain("yandexart wait");
    assertThat(e.requestedDelay()).isEmpty();
    assertThat(e.operationId()).hasValue("fbv3");
    assertThat(e.lastSnapshot()).hasValue(last);
    assertThat(e.waited()).isEqualTo(Duration.ofMinutes(90));
    assertThat(new WaitTimeoutException("fbv3", null, Duration.ofMillis(1500)).lastSnapshot()).isEmpty();
    assertThat(new WaitTimeoutException("fbv3", null, Duration.ofMillis(1500))).hasMessageContaining("after 1.5s");
  }

  @Test
  void waitTimeoutForADelayTheBudgetCannotCoverSaysWhatTheServiceAskedFor() {
    WaitTimeoutException e = new WaitTimeoutException("fbv4", null, Duration.ofSeconds(2), Duration.ofDays(1));
    assertThat(e).hasMessage("stopped waiting for operation fbv4 after 2.0s: the service asked to wait"
        + " 86400.0s before reading again, longer than what was left of the total budget; it may still"
        + " finish: resume with YandexArtClient.await(\"fbv4\")");
    assertThat(e.requestedDelay()).hasValue(Duration.ofDays(1));
  }
}
