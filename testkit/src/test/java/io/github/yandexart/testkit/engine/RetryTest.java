package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.failure;
import static io.github.yandexart.testkit.engine.EngineFixture.gaps;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static io.github.yandexart.testkit.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitListener;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads are retried on transient failures; submit only where the service provably did not take it. */
class RetryTest {
  private final EngineFixture f = new EngineFixture();

  @ParameterizedTest
  @EnumSource(value = StatusCode.class, names = {"UNAVAILABLE", "RESOURCE_EXHAUSTED", "INTERNAL"})
  void transientReadFailuresAreRetriedWithBackoff(StatusCode code) {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    List<String> failures = new ArrayList<>();
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"), new WaitListener() {
      @Override
      public void onReadFailed(ApiCallException failure, int count) {
        failures.add(count + ":" + failure.code() + ":" + failure.operationId().orElse("?"));
      }
    });
    f.time.runDue();
    f.store.faults().failNextReads(3, code);

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    String id = f.onlyOperationId();
    assertThat(failures).containsExactly("1:" + code + ":" + id, "2:" + code + ":" + id, "3:" + code + ":" + id);
    assertThat(f.readTimes()).containsExactly(seconds(1), seconds(2), seconds(3.5), seconds(5.75));
  }

  @Test
  void readsGiveUpAfterMaxConsecutiveFailuresWithTheLastErrorAndTheId() {
    f.store.enqueueOutcome(Outcome.neverDone());
    WaitPolicy policy = NO_JITTER.toBuilder().maxConsecutiveReadFailures(2).build();
    CompletableFuture<GeneratedImage> image = f.client(policy).generateAsync(request("cat"));
    f.time.runDue();
    f.store.faults().failNextReads(100, StatusCode.UNAVAILABLE);

    f.runUntilDone(image, Duration.ofMinutes(10));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
      assertThat(e.getMessage()).startsWith("operation " + f.onlyOperationId() + ": UNAVAILABLE");
    });
    assertThat(f.readTimes()).as("the first read and two retries").hasSize(3);
  }

  @Test
  void aSuccessfulReadResetsTheFailureCount() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(3));
    WaitPolicy policy = NO_JITTER.toBuilder().maxConsecutiveReadFailures(1).build();
    CompletableFuture<GeneratedImage> image = f.client(policy).generateAsync(request("cat"));
    f.time.runDue();
    f.store.faults().failNextReads(1, StatusCode.UNAVAILABLE);
    f.time.advance(Duration.ofMillis(2500));
    f.store.faults().failNextReads(1, StatusCode.UNAVAILABLE);

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.calls(RecordedCall.Kind.GET)).extracting(RecordedCall::failed)
        .containsExactly(true, false, true, false, false);
  }

  @Test
  void aNonTransientReadFailureEndsTheWaitAtOnce() {
    f.store.enqueueOutcome(Outcome.neverDone());
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.time.runDue();
    f.store.faults().failNextReads(1, StatusCode.PERMISSION_DENIED);

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
    });
    assertThat(f.readTimes()).hasSize(1);
  }

  @Test
  void aReadRetryWaitsAtLeastAsLongAsRetryAfterSays() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    AtomicInteger reads = new AtomicInteger();
    EngineFixture.Delegating throttled = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        if (reads.incrementAndGet() == 1) {
          return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.RESOURCE_EXHAUSTED, Origin.SERVER)
              .httpStatus(429).retryAfter(Duration.ofSeconds(20)).build());
        }
        return super.getOperation(operationId, options);
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(throttled, NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.readTimes()).as("the refused read never reached the store").containsExactly(seconds(21));
  }

  @Test
  void aReadThatNeverAnswersTimesOutAfterTheCallTimeoutAndIsRetried() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    List<CompletableFuture<Operation>> handedOut = new ArrayList<>();
    EngineFixture.Delegating silentOnce = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        if (handedOut.isEmpty()) {
          CompletableFuture<Operation> never = f.unanswered(options);
          handedOut.add(never);
          return never;
        }
        return super.getOperation(operationId, options);
      }
    };
    WaitPolicy policy = NO_JITTER.toBuilder().callTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<GeneratedImage> image = f.client(silentOnce, policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.timeouts).as("the call got the policy's call timeout").containsExactly(Duration.ofSeconds(5));
    assertThat(f.readTimes()).as("read at 1 s, timed out at 6 s, retried 1 s later").containsExactly(seconds(7));
  }

  @Test
  void aReadTimeoutWithNoRetriesLeftFailsWithDeadlineExceededAndTheId() {
    f.store.enqueueOutcome(Outcome.neverDone());
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        return f.unanswered(options);
      }
    };
    WaitPolicy policy = NO_JITTER.toBuilder().callTimeout(Duration.ofSeconds(5)).maxConsecutiveReadFailures(0).build();
    CompletableFuture<GeneratedImage> image = f.client(silent, policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
      assertThat(e.getMessage()).contains("within PT5S");
    });
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void refusedSubmitsAreRetriedHonouringRetryAfter() {
    f.store.faults().refuseNextSubmits(2, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(5));
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.times(RecordedCall.Kind.SUBMIT)).containsExactly(seconds(0), seconds(5), seconds(10));
    assertThat(f.store.operationIds()).as("one generation, not three").hasSize(1);
  }

  @Test
  void unavailableSubmitsAreRetriedWithBackoff() {
    f.store.faults().refuseNextSubmits(2, StatusCode.UNAVAILABLE, null);
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(gaps(f.times(RecordedCall.Kind.SUBMIT))).containsExactly(seconds(0), seconds(1), seconds(1.5));
  }

  @Test
  void submitGivesUpAfterMaxSubmitAttempts() {
    f.store.faults().refuseNextSubmits(100, StatusCode.UNAVAILABLE, null);
    CompletableFuture<Operation> submitted = f.client(NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(1));

    assertThat(failure(submitted)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.isProvablyNotAccepted()).isTrue();
    });
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(3);
    f.time.advance(Duration.ofMinutes(5));
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(3);
    assertThat(f.store.operationIds()).isEmpty();
  }

  @Test
  void aSubmitThatNeverConnectedIsRetried() {
    AtomicInteger attempts = new AtomicInteger();
    EngineFixture.Delegating refusing = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        if (attempts.incrementAndGet() <= 2) {
          return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.CONNECT)
              .message("connection refused").build());
        }
        return super.submit(request, options);
      }
    };
    CompletableFuture<Operation> submitted = f.client(refusing, NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(1));

    assertThat(submitted).isCompleted();
    assertThat(attempts).hasValue(3);
    assertThat(f.store.operationIds()).hasSize(1);
  }

  static Stream<Arguments> ambiguousSubmitFailures() {
    return Stream.of(
        Arguments.of("connection reset after sending", (Supplier<ApiCallException>) () ->
            ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.TRANSPORT).message("connection reset").build()),
        Arguments.of("HTTP 500 INTERNAL", (Supplier<ApiCallException>) () ->
            ApiCallException.builder(StatusCode.INTERNAL, Origin.SERVER).httpStatus(500)
                .status(OperationStatus.of(StatusCode.INTERNAL, "oops")).build()),
        Arguments.of("HTTP 500 UNKNOWN", (Supplier<ApiCallException>) () ->
            ApiCallException.builder(StatusCode.UNKNOWN, Origin.SERVER).httpStatus(500).build()),
        Arguments.of("a transport's own timeout", (Supplier<ApiCallException>) () ->
            ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.TRANSPORT).build()),
        Arguments.of("HTTP 504 from a proxy", (Supplier<ApiCallException>) () ->
            ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.SERVER).httpStatus(504).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousSubmitFailures")
  void aSubmitWhoseOutcomeIsUnknownIsNeverRepeated(String what, Supplier<ApiCallException> failure) {
    AtomicInteger attempts = new AtomicInteger();
    ApiCallException thrown = failure.get();
    EngineFixture.Delegating ambiguous = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        if (attempts.incrementAndGet() == 1) {
          return CompletableFuture.failedFuture(thrown);
        }
        return super.submit(request, options);
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(ambiguous, NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));
    f.time.advance(Duration.ofMinutes(10));

    assertThat(failure(image)).isSameAs(thrown);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aSubmitThatNeverAnswersTimesOutOnceAndIsNotRepeated() {
    AtomicInteger attempts = new AtomicInteger();
    List<CompletableFuture<Operation>> handedOut = new ArrayList<>();
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        attempts.incrementAndGet();
        CompletableFuture<Operation> never = f.unanswered(options);
        handedOut.add(never);
        return never;
      }
    };
    WaitPolicy policy = NO_JITTER.toBuilder().callTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<GeneratedImage> image = f.client(silent, policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));
    Duration failedAfter = f.elapsed();
    f.time.advance(Duration.ofMinutes(10));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("PT5S");
    });
    assertThat(failedAfter).isEqualTo(Duration.ofSeconds(5));
    assertThat(attempts).hasValue(1);
    assertThat(handedOut).singleElement().satisfies(call -> assertThat(call).isCompletedExceptionally());
  }

  @Test
  void aGeneratorThatThrowsInsteadOfFailingItsFutureStillFailsTheWaitWithAnApiCallException() {
    EngineFixture.Delegating throwing = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        throw new UnsupportedOperationException("bug in a transport");
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(throwing, NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
      assertThat(e.getCause()).isNotNull();
    });
  }
}
