package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.SHARED_IMAGE;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * When reads are scarce (more operations wait than the budget reads in a second), they go to the
 * operations most likely done: oldest first, and not before the typical time to done this client
 * has seen. All on virtual time; what counts is what the store saw.
 */
class ReadOrderTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void aQueuedReadOfAnOlderOperationGoesBeforeReadsOfYoungerOnesQueuedEarlier() {
    WaitPolicy policy = NO_JITTER.toBuilder().initialDelay(Duration.ofMillis(500)).multiplier(1)
        .maxDelay(Duration.ofMillis(500)).maxReadsPerSecond(1).build();
    YandexArtClient client = f.client(policy);
    f.store.enqueueOutcome(Outcome.succeedAfterReads(2).withImage(SHARED_IMAGE));
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      images.add(client.generateAsync(request("cat " + i)));
      f.time.advance(Duration.ofMillis(100));
    }
    f.runUntilDone(CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])), Duration.ofMinutes(1));

    // first reads are queued at 0.5, 0.6, 0.7 s; the oldest, not done at 0.5 s, asks again at 1.0 s,
    // after the younger two, and still goes first when the budget frees a slot at 1.5 s
    List<String> ids = f.store.operationIds();
    assertThat(readIds()).containsExactly(ids.get(0), ids.get(0), ids.get(1), ids.get(2));
  }

  @Test
  void whileNoOperationIsSeenDoneOnlyTheOldestProbeAndThenReadsWaitForTheTypicalTimeToDone() {
    int waits = 400;
    Duration doneAfter = Duration.ofSeconds(30);
    f.store.setDefaultOutcome(Outcome.succeedAfter(doneAfter).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(50)
        .maxSubmitsPerMinute(Integer.MAX_VALUE).build());
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < waits; i++) {
      images.add(client.generateAsync(request("cat " + i)));
      if (i % 100 == 99) {
        f.time.advance(Duration.ofSeconds(1)); // four groups, a second apart
      }
    }
    f.runUntilDone(CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])), Duration.ofMinutes(10));

    List<String> ids = f.store.operationIds();
    List<String> readBeforeDone = notDoneReads(doneAfter);
    assertThat(ids.subList(0, 3)).containsAll(readBeforeDone.stream().distinct().collect(Collectors.toList()));
    assertThat(readBeforeDone.size()).as("reads that found the operation not done")
        .isLessThanOrEqualTo(waits / 20);
    assertThat(f.calls(RecordedCall.Kind.GET)).hasSizeLessThanOrEqualTo(waits + waits / 20);
    assertThat(PollBudgetTest.busiestSecond(f.readTimes())).isLessThanOrEqualTo(50);
    // the budget, not the holding back, is the brake: 400 reads at 50/s after the first are due
    assertThat(f.elapsed()).isLessThan(doneAfter.plusSeconds(3 + waits / 50 + 5));
  }

  @Test
  void readsGoOldestFirstOnceTheyAreDue() {
    int waits = 200;
    Duration doneAfter = Duration.ofSeconds(20);
    f.store.setDefaultOutcome(Outcome.succeedAfter(doneAfter).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(10)
        .maxSubmitsPerMinute(Integer.MAX_VALUE).build());
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < waits; i++) {
      images.add(client.generateAsync(request("cat " + i)));
      f.time.advance(Duration.ofMillis(20));
    }
    f.runUntilDone(CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])), Duration.ofMinutes(10));

    // each operation's last read (the one that found it done) comes in the order they were submitted
    Map<String, Integer> lastRead = new HashMap<>();
    List<RecordedCall> gets = f.calls(RecordedCall.Kind.GET);
    for (int i = 0; i < gets.size(); i++) {
      lastRead.put(gets.get(i).operationId().orElseThrow(), i);
    }
    List<String> ids = f.store.operationIds();
    List<String> byLastRead = new ArrayList<>(ids);
    byLastRead.sort((a, b) -> Integer.compare(lastRead.get(a), lastRead.get(b)));
    assertThat(byLastRead).containsExactlyElementsOf(ids);
    assertThat(notDoneReads(doneAfter)).as("only the probes read early, each at its backoff")
        .hasSizeLessThanOrEqualTo(3 * 8).allMatch(ids.subList(0, 3)::contains);
  }

  @Test
  void oldestOperationsThatNeverFinishHoldTheOthersBackForAtMostTwoMinutes() {
    for (int i = 0; i < 3; i++) {
      f.store.enqueueOutcome(Outcome.neverDone());
    }
    f.store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofSeconds(10)).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(10)
        .maxSubmitsPerMinute(Integer.MAX_VALUE).build());
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      images.add(client.generateAsync(request("cat " + i)));
    }
    CompletableFuture<Void> rest = CompletableFuture.allOf(images.subList(3, 60).toArray(new CompletableFuture<?>[0]));
    f.runUntilDone(rest, Duration.ofMinutes(4));

    assertThat(f.elapsed()).as("held back two minutes, then polled at their own pace")
        .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plus(NO_JITTER.maxDelay()).plusSeconds(20));
    assertThat(images.subList(0, 3)).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void aFewOperationsArePolledAtTheirOwnPaceWhateverOthersTook() {
    // 5 waits and a budget of 50: reads are not scarce, so nothing is held back
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(3).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      images.add(client.generateAsync(request("cat " + i)));
    }
    f.runUntilDone(CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])), Duration.ofMinutes(1));
    List<Duration> times = f.readTimes();
    Duration third = NO_JITTER.backoff(0).plus(NO_JITTER.backoff(1)).plus(NO_JITTER.backoff(2));
    assertThat(times).hasSize(15).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(third));
  }

  private List<String> readIds() {
    return f.calls(RecordedCall.Kind.GET).stream().map(c -> c.operationId().orElseThrow())
        .collect(Collectors.toList());
  }

  /** The ids of the reads (one entry per read) that reached an operation before it was done. */
  private List<String> notDoneReads(Duration doneAfter) {
    Map<String, Instant> submitted = new HashMap<>();
    for (RecordedCall c : f.calls(RecordedCall.Kind.SUBMIT)) {
      submitted.put(c.operationId().orElseThrow(), c.at());
    }
    List<String> ids = new ArrayList<>();
    for (RecordedCall c : f.calls(RecordedCall.Kind.GET)) {
      String id = c.operationId().orElseThrow();
      if (c.at().isBefore(submitted.get(id).plus(doneAfter))) {
        ids.add(id);
      }
    }
    return ids;
  }

}
