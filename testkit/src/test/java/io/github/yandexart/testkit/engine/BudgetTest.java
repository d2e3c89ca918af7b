package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.failure;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every wait ends within the total budget the caller gave; a server's delay is only a hint. */
class BudgetTest {
  private final EngineFixture f = new EngineFixture();

  private static WaitPolicy budget(Duration total) {
    return NO_JITTER.toBuilder().totalBudget(total).build();
  }

  @Test
  void aOneDayRetryAfterOnARefusedSubmitEndsGenerateAtOnceWhenTheBudgetCannotCoverIt() {
    f.store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofDays(1));
    CompletableFuture<GeneratedImage> image = f.client(budget(Duration.ofSeconds(10))).generateAsync(request("cat"));

    f.time.runDue();

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.retryAfter()).hasValue(Duration.ofDays(1));
      assertThat(e.getMessage()).contains("the service asked to wait 86400.0s").contains("10.0s left of the total budget");
    });
    assertThat(f.elapsed()).isZero();
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(1);
  }

  @Test
  void aFortySecondRetryAfterWithAFiveSecondBudgetEndsTheSubmitAtOnce() {
    f.store.faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, Duration.ofSeconds(40));
    CompletableFuture<Operation> submitted = f.client(budget(Duration.ofSeconds(5))).submitAsync(request("cat"));

    f.time.runDue();

    assertThat(failure(submitted)).isInstanceOfSatisfying(ApiCallException.class,
        e -> assertThat(e.getMessage()).contains("asked to wait 40.0s"));
    assertThat(f.elapsed()).isZero();
  }

  @Test
  void aRetryAfterWithinTheBudgetIsHonoured() {
    f.store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(40));
    CompletableFuture<Operation> submitted = f.client(NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(5));

    assertThat(submitted).isCompleted();
    assertThat(f.times(RecordedCall.Kind.SUBMIT)).containsExactly(Duration.ZERO, Duration.ofSeconds(40));
  }

  @Test
  void aRetryAfterLongerThanSixtySecondsIsCutToSixty() {
    f.store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofDays(1));
    CompletableFuture<Operation> submitted = f.client(NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(5));

    assertThat(submitted).isCompleted();
    assertThat(f.times(RecordedCall.Kind.SUBMIT)).containsExactly(Duration.ZERO, Duration.ofSeconds(60));
  }

  @Test
  void theSubmitsRetriesAndTheWaitShareOneTotalBudget() {
    f.store.enqueueOutcome(Outcome.neverDone());
    f.store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(20));
    CompletableFuture<GeneratedImage> image = f.client(budget(Duration.ofSeconds(30))).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(failure(image)).isInstanceOf(WaitTimeoutException.class);
    assertThat(f.elapsed()).as("30 s in all, not 20 s + 30 s").isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aReadRetryAfterTheBudgetCannotCoverEndsTheWaitNowSayingHowLongTheServiceAsked() {
    f.store.enqueueOutcome(Outcome.neverDone());
    CompletableFuture<GeneratedImage> image = f.client(budget(Duration.ofSeconds(30))).generateAsync(request("cat"));
    f.time.runDue();
    f.store.faults().failNextReads(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofDays(1));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(failure(image)).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
      assertThat(e.requestedDelay()).hasValue(Duration.ofDays(1));
      assertThat(e.waited()).isEqualTo(Duration.ofSeconds(1));
      assertThat(e.getMessage()).contains("the service asked to wait 86400.0s");
    });
    assertThat(f.elapsed()).as("ended at the failed read, 1 s in").isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aPollHintLongerThanSixtySecondsIsCutToSixty() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(2));
    f.store.setPollIntervalHint(Duration.ofDays(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(image).isCompleted();
    assertThat(f.readTimes()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120));
  }

  @Test
  void aPollHintTheBudgetCannotCoverEndsTheWaitNow() {
    f.store.enqueueOutcome(Outcome.neverDone());
    f.store.setPollIntervalHint(Duration.ofSeconds(30));
    CompletableFuture<GeneratedImage> image = f.client(budget(Duration.ofSeconds(10))).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(failure(image)).isInstanceOfSatisfying(WaitTimeoutException.class,
        e -> assertThat(e.requestedDelay()).hasValue(Duration.ofSeconds(30)));
    assertThat(f.elapsed()).isZero();
    assertThat(f.readTimes()).isEmpty();
  }

  @Test
  void eachReadGetsTheSmallerOfTheCallTimeoutAndWhatIsLeftOfTheBudget() {
    f.store.enqueueOutcome(Outcome.neverDone());
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        return f.unanswered(options);
      }
    };
    WaitPolicy policy = budget(Duration.ofSeconds(8)).toBuilder().callTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<GeneratedImage> image = f.client(silent, policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(f.timeouts).as("read at 1 s (5 s), timed out at 6 s, read again at 7 s with 1 s left")
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(1));
    assertThat(failure(image)).isInstanceOf(WaitTimeoutException.class);
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aReadCutShortByTheEndOfTheBudgetStopsTheWaitWithTheReadsFailureAsCause() {
    f.store.enqueueOutcome(Outcome.neverDone());
    EngineFixture.Delegating notSentInTime = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        Duration timeout = options.timeout().orElseThrow();
        CompletableFuture<Operation> call = new CompletableFuture<>();
        f.time.schedule(() -> call.completeExceptionally(
            ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.CLIENT)
                .message("no connection within " + timeout + "; the request was not sent").build()), timeout);
        return call;
      }
    };
    WaitPolicy policy = budget(Duration.ofSeconds(3)).toBuilder().callTimeout(Duration.ofSeconds(30)).build();
    CompletableFuture<GeneratedImage> image = f.client(notSentInTime, policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(failure(image)).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.operationId()).isPresent();
      assertThat(e.getCause()).isInstanceOfSatisfying(ApiCallException.class,
          cause -> assertThat(cause.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED));
    });
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aSubmitGetsWhatIsLeftOfTheBudgetWhenThatIsShorterThanTheCallTimeout() {
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        return f.unanswered(options);
      }
    };
    CompletableFuture<GeneratedImage> image =
        f.client(silent, budget(Duration.ofSeconds(3))).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(f.timeouts).containsExactly(Duration.ofSeconds(3));
    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class,
        e -> assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED));
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theTransportsOriginOfATimeoutIsKept() {
    AtomicInteger attempts = new AtomicInteger();
    EngineFixture.Delegating unreachableOnce = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        if (attempts.incrementAndGet() == 1) {
          return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.CONNECT)
              .message("no connection within " + options.timeout().orElseThrow()).build());
        }
        return super.submit(request, options);
      }
    };
    CompletableFuture<Operation> submitted = f.client(unreachableOnce, NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(1));

    assertThat(submitted).as("nothing was sent, so the submit was repeated").isCompleted();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void getOperationIsOneCallBoundedByOneCallTimeout() {
    AtomicInteger reads = new AtomicInteger();
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        reads.incrementAndGet();
        return f.unanswered(options);
      }
    };
    WaitPolicy policy = NO_JITTER.toBuilder().callTimeout(Duration.ofSeconds(30)).build();
    CompletableFuture<Operation> read = f.client(silent, policy).getOperationAsync("fbvsilent");

    f.runUntilDone(read, Duration.ofMinutes(10));

    assertThat(failure(read)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.operationId()).hasValue("fbvsilent");
    });
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(reads).hasValue(1);
  }

  @Test
  void aPermanentReadFailureIsNotRetried() {
    f.store.enqueueOutcome(Outcome.neverDone());
    AtomicInteger reads = new AtomicInteger();
    EngineFixture.Delegating invalid = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        reads.incrementAndGet();
        return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.INTERNAL, Origin.TRANSPORT)
            .message("the reply's image is not valid base64").permanent(true).build());
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(invalid, NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(10));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
    });
    assertThat(reads).as("read once, not 11 times").hasValue(1);
  }

  @Test
  void aPermanentFailureOfASubmitIsNotRepeatedEvenWithARefusalCode() {
    AtomicInteger attempts = new AtomicInteger();
    EngineFixture.Delegating oversized = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        attempts.incrementAndGet();
        return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.UNAVAILABLE, Origin.SERVER)
            .message("the reply is over the size cap").permanent(true).build());
      }
    };
    CompletableFuture<Operation> submitted = f.client(oversized, NO_JITTER).submitAsync(request("cat"));

    f.runUntilDone(submitted, Duration.ofMinutes(10));

    assertThat(failure(submitted)).isInstanceOf(ApiCallException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void theFakeHonoursTheCallTimeoutTheEngineGivesOnVirtualTime() {
    f.fake.delayNextAnswers(1, Duration.ofMinutes(1));
    WaitPolicy policy = budget(Duration.ofSeconds(20)).toBuilder().callTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<GeneratedImage> image = f.client(policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).as("the submit was sent: its outcome is unknown").isEqualTo(Origin.TRANSPORT);
    });
    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(f.store.operationIds()).as("the service did start it, and it was not repeated").hasSize(1);
  }

  @Test
  void aSlowAnswerWithinTheCallTimeoutArrivesLate() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.time.runDue();
    f.fake.delayNextAnswers(1, Duration.ofSeconds(3));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.elapsed()).as("read at 1 s, answered 3 s later").isEqualTo(Duration.ofSeconds(4));
  }
}
