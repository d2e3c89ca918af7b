package io.github.yandexart.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadBudgetRunTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void slidingWindowFindsABurstAcrossACalendarSecond() {
    // 30 reads at the end of one second and 30 at the start of the next: 60 in one sliding second,
    // at most 30 in any calendar second
    long[] t = new long[60];
    for (int i = 0; i < 30; i++) {
      t[i] = SECOND - 300_000_000L + i;
      t[30 + i] = SECOND + i;
    }
    assertThat(ReadBudgetRun.maxInSlidingSecond(t)).isEqualTo(60);
    assertThat(ReadBudgetRun.maxInCalendarSecond(t)).isEqualTo(30);
  }

  @Test
  void slidingWindowIsHalfOpen() {
    assertThat(ReadBudgetRun.maxInSlidingSecond(new long[] {0, SECOND - 1, SECOND, 2 * SECOND})).isEqualTo(2);
    assertThat(ReadBudgetRun.maxInSlidingSecond(new long[0])).isZero();
  }

  @Test
  void readsBeforeTheOperationIsDoneCountAsNotDone() {
    VirtualScheduler scheduler = new VirtualScheduler();
    InMemoryOperationStore store = InMemoryOperationStore.builder().clock(scheduler.clock()).smallImages(true)
        .defaultOutcome(Outcome.succeedAfter(Duration.ofSeconds(10))).build();
    String id = store.submit(ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat")).id();
    store.get(id);
    scheduler.advance(Duration.ofSeconds(5));
    store.get(id);
    scheduler.advance(Duration.ofSeconds(5));
    store.get(id);
    store.faults().failNextReads(1, StatusCode.UNAVAILABLE);
    assertThatThrownBy(() -> store.get(id)).isInstanceOf(ApiCallException.class);

    ReadBudgetRun.Result r = ReadBudgetRun.analyse("rest", 1, Duration.ofSeconds(10), store.calls(), 0);

    assertThat(r.reads).isEqualTo(4);
    assertThat(r.readsNotDone).isEqualTo(2);
    assertThat(r.readsFailed).isEqualTo(1);
    assertThat(r.maxSlidingSecond).isEqualTo(2);
    assertThat(r.maxInFirstSecond).isEqualTo(1);
  }
}
