package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's faults as the REST transport reports them. */
class RestEmulatorFaultsTest {
  private static YandexArtEmulator emulator;
  private static ImageGenerator generator;

  @BeforeAll
  static void start() {
    emulator = TestSupport.startEmulator();
    generator = new RestImageGeneratorProvider().create(
        config(emulator.restEndpoint(), Duration.ofSeconds(2)).build());
  }

  @AfterAll
  static void stop() {
    generator.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  @Test
  void aRefusalWithRetryAfterIsProvablyNotAccepted() {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(2));

    ApiCallException e = failure(generator.submit(request("a red cat")));

    assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(e.httpStatus()).hasValue(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(e.requestId()).isPresent();
    assertThat(e.serverTraceId()).isPresent();
    assertThat(e.isProvablyNotAccepted()).isTrue();
  }

  @Test
  void aDroppedConnectionAfterASubmitLeavesItsOutcomeUnknown() {
    emulator.faults().dropNextConnections(1);

    ApiCallException e = failure(generator.submit(request("a red cat")));

    assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
    assertThat(e.isProvablyNotAccepted()).isFalse();
    assertThat(emulator.store().submittedRequests()).as("the submit took effect").hasSize(1);
  }

  @Test
  void aSlowAnswerEndsAtTheDeadlineWithAnUnknownOutcome() {
    emulator.faults().delayNextResponses(1, Duration.ofSeconds(30));

    ApiCallException e = failure(generator.submit(request("a red cat")));

    assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
    assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
    assertThat(e.isProvablyNotAccepted()).isFalse();
    assertThat(result(generator.submit(request("the next one"))).id()).isNotBlank();
  }

  @Test
  void aFailedReadAsksToWaitThroughRetryAfter() {
    String id = result(generator.submit(request("a red cat"))).id();
    emulator.store().faults().failNextReads(1, StatusCode.UNAVAILABLE, Duration.ofMillis(300));

    ApiCallException e = failure(generator.getOperation(id));

    assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(e.retryAfter()).as("Retry-After is whole seconds, rounded up").contains(Duration.ofSeconds(1));
    assertThat(e.operationId()).contains(id);
    assertThat(e.isRetryableRead()).isTrue();
  }

  @Test
  void replicationLagIsNotFoundThenTheOperation() {
    emulator.store().faults().notFoundLag(1);
    String id = result(generator.submit(request("a red cat"))).id();

    ApiCallException lag = failure(generator.getOperation(id));

    assertThat(lag.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(result(generator.getOperation(id)).id()).isEqualTo(id);
  }
}
