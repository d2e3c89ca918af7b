package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final VirtualScheduler time = VirtualScheduler.withRealTimeGrace(Duration.ZERO);
  private final List<String> ran = new ArrayList<>();

  @Test
  void nothingRunsUntilTimeIsAdvanced() {
    time.schedule(() -> ran.add("now"), Duration.ZERO);
    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
    time.runDue();
    assertThat(ran).containsExactly("now");
    assertThat(time.tasksRun()).isEqualTo(1);
  }

  @Test
  void tasksRunInDueOrderAndTimeStopsAtTheTarget() {
    time.schedule(() -> ran.add("3s@" + time.nanoTime()), Duration.ofSeconds(3));
    time.schedule(() -> ran.add("1s@" + time.nanoTime()), Duration.ofSeconds(1));
    time.schedule(() -> ran.add("1s again"), Duration.ofSeconds(1));
    time.schedule(() -> ran.add("9s"), Duration.ofSeconds(9));

    time.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("1s@1000000000", "1s again", "3s@3000000000");
    assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(time.pendingDelays()).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void tasksScheduledWhileAdvancingRunWhenTheyFallDueWithinTheSameAdvance() {
    time.schedule(() -> {
      ran.add("first");
      time.schedule(() -> ran.add("second"), Duration.ofSeconds(2));
    }, Duration.ofSeconds(1));
    time.advance(Duration.ofSeconds(3));
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void cancelledTaskNeverRuns() {
    Scheduler.Cancellable task = time.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
    task.cancel();
    time.advance(Duration.ofHours(1));
    assertThat(ran).isEmpty();
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void clockReadsVirtualTimeFromNewYear2026() {
    Clock clock = time.clock();
    assertThat(clock.instant()).isEqualTo(START);
    time.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(90)));
    assertThat(time.now()).isEqualTo(clock.instant());
  }

  @Test
  void advanceUntilStopsAtTheTaskThatMadeTheConditionTrue() {
    time.schedule(() -> ran.add("a"), Duration.ofSeconds(2));
    time.schedule(() -> ran.add("b"), Duration.ofSeconds(5));
    time.schedule(() -> ran.add("c"), Duration.ofSeconds(7));
    assertThat(time.advanceUntil(() -> ran.contains("b"), Duration.ofMinutes(1))).isTrue();
    assertThat(time.now()).isEqualTo(START.plusSeconds(5));
    assertThat(ran).containsExactly("a", "b");
  }

  @Test
  void advanceUntilGivesUpAtTheLimit() {
    time.schedule(() -> ran.add("late"), Duration.ofMinutes(2));
    assertThat(time.advanceUntil(() -> !ran.isEmpty(), Duration.ofMinutes(1))).isFalse();
    assertThat(time.now()).isEqualTo(START.plusSeconds(60));
    assertThat(ran).isEmpty();
  }

  @Test
  void advanceUntilDoneReturnsTheValueOnceTheFutureCompletes() {
    CompletableFuture<String> future = new CompletableFuture<>();
    time.schedule(() -> future.complete("image"), Duration.ofSeconds(30));
    assertThat(time.advanceUntilDone(future, Duration.ofMinutes(1))).isEqualTo("image");
    assertThat(time.now()).isEqualTo(START.plusSeconds(30));
  }

  @Test
  void advanceUntilDoneThrowsTheFailureUnwrapped() {
    CompletableFuture<String> future = new CompletableFuture<>();
    time.schedule(() -> future.completeExceptionally(new IllegalArgumentException("bad")), Duration.ofSeconds(1));
    assertThatThrownBy(() -> time.advanceUntilDone(future, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
  }

  @Test
  void advanceUntilDoneSaysWhatIsPendingWhenTheFutureIsNotDone() {
    time.schedule(() -> { }, Duration.ofHours(2));
    assertThatThrownBy(() -> time.advanceUntilDone(new CompletableFuture<>(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not done after PT1M")
        .hasMessageContaining("1 tasks pending")
        .hasMessageContaining("PT1H59M");
    assertThatThrownBy(() -> VirtualScheduler.withRealTimeGrace(Duration.ZERO)
        .advanceUntilDone(new CompletableFuture<>(), Duration.ofMinutes(1)))
        .hasMessageContaining("nothing will ever complete it");
  }

  @Test
  void drivesBlockingCodeOnAnotherThreadByWaitingForItsTasks() {
    VirtualScheduler shared = new VirtualScheduler();
    CompletableFuture<String> blocking = CompletableFuture.supplyAsync(() -> {
      CompletableFuture<String> timer = new CompletableFuture<>();
      shared.schedule(() -> timer.complete("woke at " + shared.now()), Duration.ofSeconds(5));
      return timer.join();
    });
    assertThat(shared.advanceUntilDone(blocking, Duration.ofMinutes(1))).isEqualTo("woke at " + START.plusSeconds(5));
  }

  @Test
  void realTimeGraceEndsAWaitNoThreadWillFinish() {
    VirtualScheduler impatient = VirtualScheduler.withRealTimeGrace(Duration.ofMillis(20));
    impatient.schedule(() -> ran.add("too late"), Duration.ofMinutes(5));
    assertThat(impatient.advanceUntil(() -> !ran.isEmpty(), Duration.ofMinutes(1))).isFalse();
    assertThat(impatient.now()).isEqualTo(START.plusSeconds(60));
    assertThatThrownBy(() -> VirtualScheduler.withRealTimeGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeNeverGoesBackwards() {
    assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    time.schedule(() -> ran.add("past"), Duration.ofSeconds(-5));
    time.runDue();
    assertThat(ran).containsExactly("past");
    assertThat(time.now()).isEqualTo(START);
  }
}
