package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** All waits of one client share one poll budget: never more reads in a second than allowed, none starved. */
class PollBudgetTest {
  private final EngineFixture f = new EngineFixture();

  /** The most reads that fall in any half-open one-second window [t, t + 1 s). */
  static int busiestSecond(List<Duration> sortedTimes) {
    int most = 0;
    int from = 0;
    for (int to = 0; to < sortedTimes.size(); to++) {
      while (sortedTimes.get(to).minus(sortedTimes.get(from)).compareTo(Duration.ofSeconds(1)) >= 0) {
        from++;
      }
      most = Math.max(most, to - from + 1);
    }
    return most;
  }

  @ParameterizedTest(name = "{0} waits, {1} reads/s, jitter {2}")
  @CsvSource({"100, 10, 0", "300, 50, 0.2"})
  void manyWaitsStayWithinTheBudgetAndAllFinish(int waits, int perSecond, double jitter) {
    int readsEach = 3;
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(readsEach).withImage(EngineFixture.SHARED_IMAGE));
    WaitPolicy policy = NO_JITTER.toBuilder().jitter(jitter).maxReadsPerSecond(perSecond).build();
    Random random = new Random(7);
    YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(policy)
        .scheduler(f.time).random(random::nextDouble).build();

    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < waits; i++) {
      images.add(client.generateAsync(request("cat " + i)));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0]));
    f.runUntilDone(all, Duration.ofMinutes(30));

    assertThat(images).allSatisfy(i -> assertThat(i).isCompleted());
    for (String id : f.store.operationIds()) {
      assertThat(f.store.reads(id)).as("reads of %s", id).isEqualTo(readsEach);
    }
    List<Duration> times = f.readTimes();
    assertThat(times).hasSize(waits * readsEach).isSorted();
    assertThat(busiestSecond(times)).as("the budget is reached, and never exceeded").isEqualTo(perSecond);

    // Not starved: the budget is the only brake, so everything is done soon after the last read
    // the budget allows; an unfair queue or a lost wake-up would stretch this out.
    Duration minimum = Duration.ofMillis(1000L * waits * readsEach / perSecond);
    assertThat(f.elapsed()).isLessThan(minimum.plusSeconds(15));
  }

  @ParameterizedTest(name = "budget {0}/s")
  @CsvSource({"1", "5"})
  void whenReadsAreScarceAndNothingIsSeenDoneOnlyTheOldestOperationsArePolled(int perSecond) {
    f.store.setDefaultOutcome(Outcome.neverDone());
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(perSecond).build());
    for (int i = 0; i < 20; i++) {
      client.generateAsync(request("cat " + i));
      f.time.advance(Duration.ofMillis(10));
    }
    f.time.advance(Duration.ofSeconds(60));

    List<String> read = new ArrayList<>();
    f.store.calls().stream()
        .filter(c -> c.kind() == io.github.yandexart.testkit.RecordedCall.Kind.GET)
        .map(c -> c.operationId().orElseThrow())
        .filter(id -> !read.contains(id))
        .forEach(read::add);
    assertThat(read).as("the %d oldest, which probe for the rest", 3)
        .containsExactlyElementsOf(f.store.operationIds().subList(0, 3));
    assertThat(busiestSecond(f.readTimes())).isLessThanOrEqualTo(perSecond);
  }

  @Test
  void aBudgetOfIntegerMaxValueMeansNoLimitAndCostsNoMemoryUpFront() {
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(1).withImage(EngineFixture.SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(Integer.MAX_VALUE).build());
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      images.add(client.generateAsync(request("cat " + i)));
    }
    f.time.advance(Duration.ofSeconds(1));
    assertThat(images).allSatisfy(i -> assertThat(i).isCompleted());
    assertThat(busiestSecond(f.readTimes())).isEqualTo(500);
  }
}
