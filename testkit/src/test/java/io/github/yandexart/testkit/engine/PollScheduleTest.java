package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.failure;
import static io.github.yandexart.testkit.engine.EngineFixture.gaps;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static io.github.yandexart.testkit.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollScheduleTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void readsBackOffFromOneSecondByHalfAgainUpToTenSeconds() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(10));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("a red cat"));
    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(image).isCompleted();
    assertThat(gaps(f.readTimes())).containsExactly(
        seconds(1), seconds(1.5), seconds(2.25), seconds(3.375), seconds(5.0625), seconds(7.59375),
        seconds(10), seconds(10), seconds(10), seconds(10));
  }

  @Test
  void resumingByIdReadsAtOnceThenBacksOff() {
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(4));
    Operation started = f.fake.submit(request("a red cat")).join();
    f.time.advance(Duration.ofMinutes(1));

    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).awaitAsync(started.id());
    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(image).isCompleted();
    assertThat(f.readTimes()).containsExactly(
        seconds(60), seconds(61), seconds(62.5), seconds(64.75));
  }

  @Test
  void jitterKeepsEachDelayWithinTwentyPercent() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(15));
    WaitPolicy policy = WaitPolicy.builder().jitter(0.2).build();
    Random random = new Random(20260101);
    YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(policy)
        .scheduler(f.time).random(random::nextDouble).build();

    CompletableFuture<GeneratedImage> image = client.generateAsync(request("a red cat"));
    f.runUntilDone(image, Duration.ofMinutes(10));

    List<Duration> gaps = gaps(f.readTimes());
    assertThat(gaps).hasSize(15);
    boolean jittered = false;
    for (int i = 0; i < gaps.size(); i++) {
      double base = policy.backoff(i).toNanos();
      double actual = gaps.get(i).toNanos();
      assertThat(actual / base).as("delay %d: %s against %s", i, gaps.get(i), policy.backoff(i))
          .isBetween(0.8, 1.2);
      jittered |= Math.abs(actual / base - 1) > 0.01;
    }
    assertThat(jittered).as("some delay was actually jittered").isTrue();
  }

  @Test
  void jitterAtTheEdgesOfTheRandomRangeStaysWithinBounds() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(3));
    double[] draws = {0.0, 0.999999, 0.0};
    int[] next = {0};
    YandexArtClient client = YandexArtClient.builder().generator(f.fake)
        .waitPolicy(WaitPolicy.builder().jitter(0.2).build()).scheduler(f.time)
        .random(() -> draws[next[0]++ % draws.length]).build();

    f.runUntilDone(client.generateAsync(request("cat")), Duration.ofMinutes(1));

    List<Duration> gaps = gaps(f.readTimes());
    assertThat(gaps.get(0)).isEqualTo(seconds(0.8));
    assertThat(gaps.get(1).toNanos()).isBetween(seconds(1.799).toNanos(), seconds(1.8).toNanos());
    assertThat(gaps.get(2)).isEqualTo(seconds(2.25 * 0.8));
  }

  @Test
  void theServersPollHintReplacesTheComputedDelay() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(5));
    EngineFixture.Delegating hinting = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(io.github.yandexart.ImageGenerationRequest request, CallOptions options) {
        return super.submit(request, options).thenApply(op -> op.toBuilder().pollInterval(Duration.ofSeconds(4)).build());
      }

      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        return super.getOperation(operationId, options)
            .thenApply(op -> op.toBuilder().pollInterval(Duration.ofSeconds(25)).build());
      }
    };

    CompletableFuture<GeneratedImage> image = f.client(hinting, NO_JITTER).generateAsync(request("cat"));
    f.runUntilDone(image, Duration.ofMinutes(5));

    assertThat(image).isCompleted();
    assertThat(gaps(f.readTimes())).as("the submit reply's hint, then each read's, even above maxDelay")
        .containsExactly(seconds(4), seconds(25), seconds(25), seconds(25), seconds(25));
  }

  @Test
  void runningOutOfTheTotalBudgetStopsWaitingWithTheIdTheLastSnapshotAndHowToResume() {
    f.store.enqueueOutcome(Outcome.neverDone());
    WaitPolicy policy = NO_JITTER.toBuilder().totalBudget(Duration.ofSeconds(30)).build();
    CompletableFuture<GeneratedImage> image = f.client(policy).generateAsync(request("cat"));
    AtomicLong failedAt = new AtomicLong(-1);
    image.whenComplete((i, e) -> failedAt.set(f.time.nanoTime()));

    f.runUntilDone(image, Duration.ofMinutes(5));

    String id = f.onlyOperationId();
    assertThat(failure(image)).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.operationId()).hasValue(id);
      assertThat(e.operationId()).hasValue(id);
      assertThat(e.waited()).isEqualTo(Duration.ofSeconds(30));
      assertThat(e.lastSnapshot()).hasValueSatisfying(op -> {
        assertThat(op.id()).isEqualTo(id);
        assertThat(op.done()).isFalse();
      });
      assertThat(e.getMessage()).contains(id).contains("await(\"" + id + "\")").contains("may still finish");
    });
    assertThat(Duration.ofNanos(failedAt.get())).isEqualTo(Duration.ofSeconds(30));
    int reads = f.readTimes().size();
    assertThat(f.readTimes()).allMatch(t -> t.compareTo(Duration.ofSeconds(30)) <= 0);

    f.time.advance(Duration.ofHours(1));
    assertThat(f.readTimes()).as("no read after giving up").hasSize(reads);
    assertThat(f.store.reads(id)).isEqualTo(reads);
  }

  @Test
  void aBudgetShorterThanTheFirstDelayTimesOutWithTheSubmitReplyAsSnapshot() {
    f.store.enqueueOutcome(Outcome.neverDone());
    WaitPolicy policy = NO_JITTER.toBuilder().totalBudget(Duration.ofMillis(500)).build();
    CompletableFuture<GeneratedImage> image = f.client(policy).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
      assertThat(e.lastSnapshot().map(Operation::id)).hasValue(f.onlyOperationId());
      assertThat(e.waited()).isEqualTo(Duration.ofMillis(500));
    });
    assertThat(f.readTimes()).isEmpty();
  }

  @Test
  void aWaitThatSucceedsCompletesWithTheStoresImage() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(2));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.runUntilDone(image, Duration.ofMinutes(1));
    GeneratedImage expected = f.fake.getOperation(f.onlyOperationId()).join().image().orElseThrow();
    assertThat(image.join()).isEqualTo(expected);
    assertThat(image.join().mimeType()).isEqualTo("image/jpeg");
    assertThat(f.time.pendingTasks()).as("no timer left behind").isZero();
  }

}
