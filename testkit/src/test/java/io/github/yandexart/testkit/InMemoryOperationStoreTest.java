package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryOperationStoreTest {
  private static final OperationStatus POLICY = OperationStatus.of(StatusCode.INVALID_ARGUMENT, "unsafe prompt");

  private final VirtualScheduler time = new VirtualScheduler();
  private final InMemoryOperationStore store =
      InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build();

  private static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.of(ModelUri.of("b1gstore"), prompt);
  }

  private ApiCallException getFails(String id) {
    return catchThrowableOfType(ApiCallException.class, () -> store.get(id));
  }

  @Test
  void runningOperationIsDoneWithAnImageOnTheNthRead() {
    store.enqueueOutcome(Outcome.succeedAfterReads(3));
    Operation started = store.submit(request("a red cat"));
    assertThat(started.done()).isFalse();
    assertThat(started.state()).isEqualTo("RUNNING");

    assertThat(store.get(started.id()).done()).isFalse();
    assertThat(store.get(started.id()).done()).isFalse();
    Operation third = store.get(started.id());
    assertThat(third.done()).isTrue();
    assertThat(third.error()).isEmpty();
    assertThat(third.image().orElseThrow().mimeType()).isEqualTo("image/jpeg");
    assertThat(third.image().orElseThrow().modelVersion()).contains(FakeImageGenerator.MODEL_VERSION);
    assertThat(store.get(started.id())).as("later reads see the same result").isEqualTo(third);
    assertThat(store.reads(started.id())).isEqualTo(4);
  }

  @Test
  void succeedingAfterZeroReadsIsDoneAtSubmit() {
    store.enqueueOutcome(Outcome.succeedAfterReads(0));
    Operation started = store.submit(request("instant"));
    assertThat(started.done()).isTrue();
    assertThat(started.image()).isPresent();
  }

  @Test
  void scriptedImageIsServedInsteadOfARenderedOne() {
    GeneratedImage image = GeneratedImage.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4}, "v9");
    store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(image));
    Operation started = store.submit(request("scripted"));
    assertThat(store.get(started.id()).image()).contains(image);
  }

  @Test
  void failingOperationIsDoneWithItsStatusAndNoImage() {
    store.enqueueOutcome(Outcome.failAfterReads(2, POLICY));
    Operation started = store.submit(request("forbidden"));
    assertThat(store.get(started.id()).error()).isEmpty();
    Operation failed = store.get(started.id());
    assertThat(failed.done()).isTrue();
    assertThat(failed.error()).contains(POLICY);
    assertThat(failed.image()).isEmpty();
    assertThat(failed.state()).isEqualTo("FAILED");
  }

  @Test
  void cancelEndsARunningOperationWithCodeCancelledWithoutCountingAsARead() {
    store.enqueueOutcome(Outcome.neverDone());
    Operation started = store.submit(request("slow"));
    time.advance(Duration.ofSeconds(5));

    Operation cancelled = store.cancel(started.id());
    assertThat(cancelled.done()).isTrue();
    assertThat(cancelled.error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(cancelled.image()).isEmpty();
    assertThat(cancelled.modifiedAt()).contains(time.now());
    assertThat(store.reads(started.id())).isZero();
    assertThat(store.get(started.id())).isEqualTo(cancelled);
  }

  @Test
  void cancelOfAFinishedOperationReturnsItUnchanged() {
    store.enqueueOutcome(Outcome.succeedAfterReads(1));
    store.enqueueOutcome(Outcome.failAfterReads(1, POLICY));
    String succeeded = store.submit(request("done")).id();
    String failed = store.submit(request("failed")).id();
    Operation doneSnapshot = store.get(succeeded);
    Operation failedSnapshot = store.get(failed);
    time.advance(Duration.ofMinutes(1));

    assertThat(store.cancel(succeeded)).isEqualTo(doneSnapshot);
    assertThat(store.cancel(failed)).isEqualTo(failedSnapshot);
  }

  @Test
  void cancelOfAnOperationThatFailedBeforeDoneLeavesItAsItIs() {
    store.enqueueOutcome(Outcome.errorBeforeDone(1, POLICY));
    String id = store.submit(request("half")).id();
    Operation failing = store.get(id);

    Operation afterCancel = store.cancel(id);
    assertThat(afterCancel).isEqualTo(failing);
    assertThat(afterCancel.done()).isFalse();
    assertThat(afterCancel.error()).contains(POLICY);
  }

  @Test
  void cancelledOnTheServerEndsWithCodeCancelled() {
    store.enqueueOutcome(Outcome.cancelAfterReads(1));
    String id = store.submit(request("cancelled by someone else")).id();
    Operation read = store.get(id);
    assertThat(read.done()).isTrue();
    assertThat(read.error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
    assertThat(read.state()).isEqualTo("CANCELLED");
  }

  @Test
  void neverDoneOperationRunsOnThroughReadsAndDays() {
    store.enqueueOutcome(Outcome.neverDone());
    String id = store.submit(request("forever")).id();
    for (int i = 0; i < 100; i++) {
      time.advance(Duration.ofHours(1));
      Operation read = store.get(id);
      assertThat(read.done()).isFalse();
      assertThat(read.error()).isEmpty();
    }
  }

  @Test
  void errorBeforeDoneAppearsOnTheNthReadWhileDoneStaysFalse() {
    store.enqueueOutcome(Outcome.errorBeforeDone(2, POLICY));
    String id = store.submit(request("odd state")).id();
    assertThat(store.get(id).error()).isEmpty();
    for (int i = 0; i < 3; i++) {
      Operation read = store.get(id);
      assertThat(read.done()).isFalse();
      assertThat(read.error()).contains(POLICY);
      assertThat(read.image()).isEmpty();
    }
  }

  @Test
  void timedOutcomeFinishesWhenTheClockPassesTheDurationWhateverTheReads() {
    store.enqueueOutcome(Outcome.succeedAfter(Duration.ofMinutes(2)));
    Operation started = store.submit(request("two minutes"));
    Instant submittedAt = time.now();

    time.advance(Duration.ofSeconds(119));
    assertThat(store.get(started.id()).done()).isFalse();
    time.advance(Duration.ofSeconds(1));
    Operation done = store.get(started.id());
    assertThat(done.done()).isTrue();
    assertThat(done.image()).isPresent();
    assertThat(done.createdAt()).contains(submittedAt);
    assertThat(done.modifiedAt()).contains(submittedAt.plus(Duration.ofMinutes(2)));
  }

  @Test
  void timedOutcomeFinishedAtItsDueTimeEvenWhenReadMuchLater() {
    store.enqueueOutcome(Outcome.failAfter(Duration.ofMinutes(1), POLICY));
    Operation started = store.submit(request("read late"));
    time.advance(Duration.ofHours(3));
    Operation failed = store.get(started.id());
    assertThat(failed.error()).contains(POLICY);
    assertThat(failed.modifiedAt()).contains(started.createdAt().orElseThrow().plus(Duration.ofMinutes(1)));
  }

  @Test
  void timedCancelEndsCancelledOnTheClock() {
    store.enqueueOutcome(Outcome.cancelAfter(Duration.ofSeconds(30)));
    String id = store.submit(request("cancel soon")).id();
    time.advance(Duration.ofSeconds(30));
    assertThat(store.get(id).error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
  }

  @Test
  void queuedOutcomesComeFirstInOrderThenRulesThenTheDefault() {
    store.setDefaultOutcome(Outcome.neverDone());
    store.scriptFor(r -> r.messages().get(0).text().contains("dog"), Outcome.failAfterReads(0, POLICY));
    store.enqueueOutcome(Outcome.succeedAfterReads(0));
    store.enqueueOutcome(Outcome.cancelAfterReads(0));

    assertThat(store.submit(request("a dog")).state()).as("queued first, even over a rule").isEqualTo("DONE");
    assertThat(store.submit(request("a cat")).state()).as("queued second").isEqualTo("CANCELLED");
    assertThat(store.submit(request("a dog")).state()).as("queue empty: the rule").isEqualTo("FAILED");
    assertThat(store.submit(request("a cat")).state()).as("no rule matches: the default").isEqualTo("RUNNING");
  }

  @Test
  void firstMatchingRuleWins() {
    store.scriptFor(r -> r.messages().get(0).text().startsWith("a"), Outcome.failAfterReads(0, POLICY));
    store.scriptFor(r -> true, Outcome.succeedAfterReads(0));
    assertThat(store.submit(request("a cat")).state()).isEqualTo("FAILED");
    assertThat(store.submit(request("the cat")).state()).isEqualTo("DONE");
  }

  @Test
  void defaultOutcomeIsSucceedAfterTwoReadsUnlessTheBuilderSaysOtherwise() {
    String id = store.submit(request("default")).id();
    assertThat(store.get(id).done()).isFalse();
    assertThat(store.get(id).done()).isTrue();

    InMemoryOperationStore quick = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0)).build();
    assertThat(quick.submit(request("quick")).done()).isTrue();
  }

  @Test
  void refusedSubmitsCountDownCarryRetryAfterAndCreateNothing() {
    store.faults().refuseNextSubmits(2, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(5));
    assertThat(store.faults().submitRefusalsLeft()).isEqualTo(2);

    for (int left = 1; left >= 0; left--) {
      ApiCallException e = catchThrowableOfType(ApiCallException.class, () -> store.submit(request("busy")));
      assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
      assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(store.faults().submitRefusalsLeft()).isEqualTo(left);
    }
    assertThat(store.operationIds()).isEmpty();
    assertThat(store.submittedRequests()).isEmpty();

    Operation accepted = store.submit(request("busy"));
    assertThat(store.operationIds()).containsExactly(accepted.id());
    assertThat(accepted.id()).as("refusals use no id").isEqualTo("fbv00000000000000001");
  }

  @Test
  void refusalWithAStatusKeepsItsMessageAndDetails() {
    OperationStatus status = OperationStatus.of(StatusCode.INVALID_ARGUMENT, "Запрос нарушает правила",
        List.of(OperationStatus.Detail.requestInfo("req-7")));
    store.faults().refuseNextSubmits(1, status, null);
    ApiCallException e = catchThrowableOfType(ApiCallException.class, () -> store.submit(request("nope")));
    assertThat(e.status()).contains(status);
    assertThat(e.requestId()).contains("req-7");
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage()).contains("INVALID_ARGUMENT").contains("Запрос нарушает правила");
  }

  @Test
  void failedReadsCountDownWithoutMovingTheOperationAlong() {
    store.enqueueOutcome(Outcome.succeedAfterReads(1));
    String id = store.submit(request("flaky")).id();
    store.faults().failNextReads(2);

    for (int left = 1; left >= 0; left--) {
      ApiCallException e = getFails(id);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
      assertThat(e.isRetryableRead()).isTrue();
      assertThat(store.faults().readFailuresLeft()).isEqualTo(left);
    }
    assertThat(store.reads(id)).isZero();
    assertThat(store.get(id).done()).isTrue();
  }

  @Test
  void failedReadsMayCarryAnyCodeAndRetryAfter() {
    String id = store.submit(request("quota")).id();
    store.faults().failNextReads(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(2));
    ApiCallException e = getFails(id);
    assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void notFoundLagCountsPerOperationForOperationsCreatedAfterIt() {
    String before = store.submit(request("before")).id();
    store.faults().notFoundLag(2);
    String first = store.submit(request("first")).id();
    String second = store.submit(request("second")).id();

    assertThat(store.get(before).id()).isEqualTo(before);
    for (String id : List.of(first, second)) {
      for (int i = 0; i < 2; i++) {
        ApiCallException e = getFails(id);
        assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
      }
      assertThat(store.get(id).id()).isEqualTo(id);
    }
    assertThat(store.reads(first)).as("lagging reads do not count").isEqualTo(1);
  }

  @Test
  void unknownIdIsNotFoundForReadsAndCancels() {
    ApiCallException read = getFails("fbv0000000000000nope");
    assertThat(read.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(read.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(read.getMessage()).contains("fbv0000000000000nope");

    ApiCallException cancel = catchThrowableOfType(ApiCallException.class, () -> store.cancel("fbv0000000000000nope"));
    assertThat(cancel.code()).isEqualTo(StatusCode.NOT_FOUND);
  }

  @Test
  void finishedOperationIsForgottenTwelveHoursAfterItFinished() {
    store.enqueueOutcome(Outcome.succeedAfterReads(0));
    store.enqueueOutcome(Outcome.neverDone());
    String done = store.submit(request("kept 12 hours")).id();
    String running = store.submit(request("still running")).id();

    time.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(store.get(done).image()).isPresent();
    time.advance(Duration.ofSeconds(1));
    assertThat(getFails(done).code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(catchThrowableOfType(ApiCallException.class, () -> store.cancel(done)).code())
        .isEqualTo(StatusCode.NOT_FOUND);
    assertThat(store.operationIds()).containsExactly(running);
    assertThat(store.get(running).done()).as("running operations are kept").isFalse();
  }

  @Test
  void retentionCountsFromWhenTheOperationFinished() {
    store.enqueueOutcome(Outcome.succeedAfter(Duration.ofHours(1)));
    String id = store.submit(request("finishes after an hour")).id();
    time.advance(Duration.ofHours(12).plusMinutes(30));
    assertThat(store.get(id).done()).isTrue();
    time.advance(Duration.ofMinutes(30));
    assertThat(getFails(id).code()).isEqualTo(StatusCode.NOT_FOUND);
  }

  @Test
  void idsAreDeterministicTwentyCharactersAndNeverReused() {
    InMemoryOperationStore other = InMemoryOperationStore.builder().smallImages(true).build();
    List<String> ids = new ArrayList<>();
    List<String> otherIds = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(store.submit(request("cat " + i)).id());
      otherIds.add(other.submit(request("dog " + i)).id());
    }
    assertThat(ids).isEqualTo(otherIds);
    String zeros = "0".repeat(15);
    assertThat(ids.get(0)).isEqualTo("fbv0" + zeros + "1");
    assertThat(ids.get(9)).as("the counter is in base 36").isEqualTo("fbv0" + zeros + "a");
    assertThat(ids.get(35)).isEqualTo("fbv" + zeros + "10");
    assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(20)).doesNotHaveDuplicates();

    store.reset();
    assertThat(store.submit(request("after reset")).id()).isEqualTo("fbv" + zeros + "15");

    InMemoryOperationStore prefixed = InMemoryOperationStore.builder().idPrefix("test").smallImages(true).build();
    assertThat(prefixed.submit(request("prefixed")).id()).isEqualTo("test0000000000000001");
  }

  @Test
  void idPrefixMustBeShortLowercaseLettersOrDigits() {
    assertThatThrownBy(() -> InMemoryOperationStore.builder().idPrefix("Fbv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lowercase");
    assertThatThrownBy(() -> InMemoryOperationStore.builder().idPrefix("abcdefghijk"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10");
  }

  @Test
  void everyCallIsRecordedInOrderWithItsTimeAndOutcome() {
    store.faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, null);
    catchThrowableOfType(ApiCallException.class, () -> store.submit(request("refused")));
    time.advance(Duration.ofSeconds(1));
    String id = store.submit(request("accepted")).id();
    time.advance(Duration.ofSeconds(1));
    store.get(id);
    getFails("fbvunknown0000000000");
    store.cancel(id);

    List<RecordedCall> calls = store.calls();
    assertThat(calls).extracting(RecordedCall::kind).containsExactly(RecordedCall.Kind.SUBMIT,
        RecordedCall.Kind.SUBMIT, RecordedCall.Kind.GET, RecordedCall.Kind.GET, RecordedCall.Kind.CANCEL);
    assertThat(calls).extracting(c -> c.operationId().orElse(null))
        .containsExactly(null, id, id, "fbvunknown0000000000", id);
    assertThat(calls).extracting(c -> c.errorCode().orElse(null))
        .containsExactly(StatusCode.UNAVAILABLE, null, null, StatusCode.NOT_FOUND, null);
    assertThat(calls).extracting(RecordedCall::failed).containsExactly(true, false, false, true, false);
    assertThat(calls.get(0).request()).contains(request("refused"));
    assertThat(calls.get(1).request()).contains(request("accepted"));
    assertThat(calls.get(2).request()).isEmpty();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(calls).extracting(RecordedCall::at).containsExactly(
        start, start.plusSeconds(1), start.plusSeconds(2), start.plusSeconds(2), start.plusSeconds(2));
    assertThat(calls.get(1).toString()).contains("SUBMIT", id, "\"accepted\"");
    assertThat(calls.get(3).toString()).contains("NOT_FOUND");

    assertThat(store.submittedRequests()).containsExactly(request("accepted"));
    assertThat(store.request(id)).contains(request("accepted"));
    assertThat(store.request("fbvunknown0000000000")).isEmpty();
  }

  @Test
  void pollIntervalHintRidesOnSnapshotsOfRunningOperationsOnly() {
    store.setPollIntervalHint(Duration.ofSeconds(7));
    store.enqueueOutcome(Outcome.succeedAfterReads(1));
    Operation started = store.submit(request("hinted"));
    assertThat(started.pollInterval()).contains(Duration.ofSeconds(7));
    assertThat(store.get(started.id()).pollInterval()).isEmpty();

    store.setPollIntervalHint(null);
    assertThat(store.submit(request("unhinted")).pollInterval()).isEmpty();
    assertThatThrownBy(() -> store.setPollIntervalHint(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resetForgetsEverythingButTheIdCounter() {
    InMemoryOperationStore s = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0)).pollIntervalHint(Duration.ofSeconds(3)).build();
    String old = s.submit(request("old")).id();
    s.setDefaultOutcome(Outcome.neverDone());
    s.setPollIntervalHint(Duration.ofSeconds(9));
    s.enqueueOutcome(Outcome.failAfterReads(0, POLICY));
    s.scriptFor(r -> true, Outcome.failAfterReads(0, POLICY));
    s.faults().refuseNextSubmits(5, StatusCode.UNAVAILABLE, null);
    s.faults().failNextReads(5);
    s.faults().notFoundLag(5);

    s.reset();

    assertThat(s.calls()).isEmpty();
    assertThat(s.submittedRequests()).isEmpty();
    assertThat(s.operationIds()).isEmpty();
    assertThat(s.faults().submitRefusalsLeft()).isZero();
    assertThat(s.faults().readFailuresLeft()).isZero();
    assertThat(catchThrowableOfType(ApiCallException.class, () -> s.get(old)).code()).isEqualTo(StatusCode.NOT_FOUND);
    Operation fresh = s.submit(request("fresh"));
    assertThat(fresh.id()).isNotEqualTo(old);
    assertThat(fresh.state()).as("queue, rules and default as the builder left them").isEqualTo("DONE");
    s.setDefaultOutcome(Outcome.neverDone());
    Operation hinted = s.submit(request("hinted"));
    assertThat(hinted.pollInterval()).as("the builder's hint is back").contains(Duration.ofSeconds(3));
    assertThat(s.get(hinted.id()).id()).as("no NOT_FOUND lag any more").isEqualTo(hinted.id());
  }

  @Test
  void faultsRefuseNonsense() {
    assertThatThrownBy(() -> store.faults().failNextReads(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> store.faults().refuseNextSubmits(1, StatusCode.OK, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not OK");
    assertThatThrownBy(() -> store.faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    assertThatThrownBy(() -> store.faults().notFoundLag(-2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyThreadsSubmittingAndReadingGetUniqueIdsAndExactCounts() throws Exception {
    GeneratedImage image = GeneratedImage.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, null);
    InMemoryOperationStore shared = InMemoryOperationStore.builder()
        .defaultOutcome(Outcome.succeedAfterReads(3).withImage(image)).build();
    int threads = 8;
    int perThread = 100;
    int injectedFailures = 50;
    shared.faults().failNextReads(injectedFailures);
    AtomicInteger failedReads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          go.await();
          List<String> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            String id = shared.submit(request("t" + thread + " n" + i)).id();
            mine.add(id);
            int successes = 0;
            while (successes < 3) {
              try {
                shared.get(id);
                successes++;
              } catch (ApiCallException e) {
                failedReads.incrementAndGet();
              }
            }
          }
          return mine;
        }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<List<String>> w : work) {
        for (String id : w.get(60, TimeUnit.SECONDS)) {
          assertThat(ids.add(id)).as("id %s handed out twice", id).isTrue();
          assertThat(shared.reads(id)).isEqualTo(3);
          assertThat(shared.get(id).image()).contains(image);
        }
      }
      int total = threads * perThread;
      assertThat(ids).hasSize(total);
      assertThat(failedReads.get()).isEqualTo(injectedFailures);
      assertThat(shared.submittedRequests()).hasSize(total);
      assertThat(shared.calls()).hasSize(total + total * 3 + injectedFailures + total);
      assertThat(shared.operationIds()).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
