package io.github.yandexart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallBudgetTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  /** Time that moves only when told to; enough of a scheduler for the budget. */
  static final class ManualTime implements Scheduler {
    private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]) != 0
        ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final List<Runnable> tasks = new ArrayList<>();
    long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
      tasks.add(task);
      long[] entry = {now + Math.max(0, delay.toNanos()), tasks.size() - 1};
      due.add(entry);
      return () -> due.remove(entry);
    }

    void advanceTo(long time) {
      while (!due.isEmpty() && due.peek()[0] <= time) {
        long[] next = due.poll();
        now = next[0];
        tasks.get((int) next[1]).run();
      }
      now = time;
    }
  }

  /**
   * Reads asked for every {@code gapMs} ms (many more than the budget allows) start in order, each
   * as soon as the budget allows and no sooner: read k starts at max(asked_k, start_{k-1},
   * start_{k-N} + 1 s). Budgets above 16 make the ring of start times grow on the way.
   */
  @ParameterizedTest(name = "{0} reads/s, asked every {1} ms")
  @CsvSource({"1, 100", "7, 13", "16, 7", "17, 3", "50, 7", "50, 1", "200, 1"})
  void eachReadStartsAsSoonAsTheBudgetAllowsAndNoSooner(int perSecond, int gapMs) {
    ManualTime time = new ManualTime();
    CallBudget budget = new CallBudget(perSecond, time);
    int reads = perSecond * 4 + 3;
    List<Long> started = new ArrayList<>();
    for (int k = 0; k < reads; k++) {
      time.advanceTo(k * gapMs * MS);
      budget.submit(new CallBudget.Call() {
        @Override
        public boolean wanted() {
          return true;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> start() {
          started.add(time.now);
          return null;
        }
      });
    }
    time.advanceTo(60 * SECOND);

    List<Long> expected = new ArrayList<>();
    for (int k = 0; k < reads; k++) {
      long t = k * gapMs * MS;
      if (k > 0) {
        t = Math.max(t, expected.get(k - 1));
      }
      if (k >= perSecond) {
        t = Math.max(t, expected.get(k - perSecond) + SECOND);
      }
      expected.add(t);
    }
    assertThat(started).containsExactlyElementsOf(expected);
    assertThat(budget.queued()).isZero();
  }

  @ParameterizedTest(name = "{0} reads/s")
  @CsvSource({"3", "40"})
  void unwantedReadsAreDroppedWithoutUsingASlot(int perSecond) {
    ManualTime time = new ManualTime();
    CallBudget budget = new CallBudget(perSecond, time);
    List<String> started = new ArrayList<>();
    for (int k = 0; k < perSecond * 3; k++) {
      boolean wanted = k % 2 == 0;
      String name = "r" + k;
      budget.submit(new CallBudget.Call() {
        @Override
        public boolean wanted() {
          return wanted;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> start() {
          started.add(name);
          return null;
        }
      });
    }
    assertThat(started).hasSize(perSecond);
    assertThat(started).allMatch(n -> Integer.parseInt(n.substring(1)) % 2 == 0);
    time.advanceTo(SECOND);
    assertThat(started).hasSize(Math.min(2 * perSecond, (perSecond * 3 + 1) / 2));
  }

  /** A call that records when it started and stays in flight until completed by hand. */
  private static CallBudget.Call held(ManualTime time, List<Long> started,
      List<java.util.concurrent.CompletableFuture<Void>> running) {
    return new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return true;
      }

      @Override
      public java.util.concurrent.CompletionStage<?> start() {
        started.add(time.now);
        java.util.concurrent.CompletableFuture<Void> call = new java.util.concurrent.CompletableFuture<>();
        running.add(call);
        return call;
      }
    };
  }

  @ParameterizedTest(name = "{0} calls/s, answered after {1} ms")
  @CsvSource({"5, 300", "50, 2500", "1, 10"})
  void aCallHoldsItsSlotWhileInFlightAndForOneWindowAfterItEnds(int perSecond, int answerMs) {
    ManualTime time = new ManualTime();
    CallBudget budget = new CallBudget(perSecond, time);
    List<Long> started = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<Void>> running = new ArrayList<>();
    for (int k = 0; k < perSecond * 3; k++) {
      budget.submit(held(time, started, running));
    }
    assertThat(started).hasSize(perSecond);
    assertThat(budget.inFlight()).isEqualTo(perSecond);

    time.advanceTo(answerMs * MS - 1);
    assertThat(started).as("a call in flight may still reach the server: its slot stays taken").hasSize(perSecond);
    time.advanceTo(answerMs * MS);
    running.forEach(c -> c.complete(null));
    assertThat(started).as("nor is it freed by the answer").hasSize(perSecond);

    time.advanceTo(answerMs * MS + SECOND - 1);
    assertThat(started).hasSize(perSecond);
    time.advanceTo(answerMs * MS + SECOND);
    assertThat(started).as("one window after the answers").hasSize(2 * perSecond);
    assertThat(started.subList(perSecond, 2 * perSecond)).containsOnly(answerMs * MS + SECOND);
  }

  @ParameterizedTest(name = "{0} calls/s")
  @CsvSource({"1", "3"})
  void queuedCallsStartLowestPriorityFirstThenInOrder(int perSecond) {
    ManualTime time = new ManualTime();
    CallBudget budget = new CallBudget(perSecond, time);
    List<String> started = new ArrayList<>();
    long[] priorities = {9, 5, 7, 5, 1, 9, 3};
    for (int k = 0; k < perSecond; k++) {
      budget.submit(named("filler" + k, started), 0);
    }
    for (int k = 0; k < priorities.length; k++) {
      budget.submit(named("p" + priorities[k] + "#" + k, started), priorities[k]);
    }
    time.advanceTo(60 * SECOND);
    assertThat(started.subList(perSecond, started.size()))
        .containsExactly("p1#4", "p3#6", "p5#1", "p5#3", "p7#2", "p9#0", "p9#5");
  }

  private static CallBudget.Call named(String name, List<String> started) {
    return new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return true;
      }

      @Override
      public java.util.concurrent.CompletionStage<?> start() {
        started.add(name);
        return null;
      }
    };
  }

  @Test
  void endTimesAreKeptInOrderThroughGrowthAndWrapAround() {
    // the ring grows while its oldest entry is anywhere in it, and wraps; an ArrayDeque is the oracle
    Random random = new Random(7);
    CallBudget.Times times = new CallBudget.Times();
    ArrayDeque<Long> expected = new ArrayDeque<>();
    long clock = 0;
    for (int step = 0; step < 20_000; step++) {
      // phases of filling and draining, so that it grows at many different heads
      boolean filling = (step / 500) % 3 != 2;
      if (expected.isEmpty() || random.nextInt(10) < (filling ? 7 : 3)) {
        times.add(++clock);
        expected.addLast(clock);
      } else {
        assertThat(times.oldest()).isEqualTo(expected.peekFirst());
        times.dropOldest();
        expected.pollFirst();
      }
      assertThat(times.size()).isEqualTo(expected.size());
      if (!expected.isEmpty()) {
        assertThat(times.oldest()).isEqualTo(expected.peekFirst());
      }
    }
  }
}
