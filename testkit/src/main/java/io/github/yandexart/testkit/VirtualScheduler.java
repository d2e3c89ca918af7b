package io.github.yandexart.testkit;

import io.github.yandexart.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} in virtual time: nothing runs until the test calls {@link #advance(Duration)},
 * which runs every task that falls due, in time order, on the calling thread. Waits of hours take no
 * time, and no test sleeps.
 *
 * <pre>{@code
 * VirtualScheduler time = new VirtualScheduler();
 * YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time).build();
 * CompletableFuture<GeneratedImage> image = client.generateAsync(request);
 * time.advance(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Thread-safe: tasks may be scheduled from any thread; they run only inside {@code advance}.
 */
public final class VirtualScheduler implements Scheduler {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long sequence;
  private long ran;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** The virtual time as an instant (it starts at 2026-01-01T00:00:00Z). */
  public synchronized Instant now() {
    return EPOCH.plusNanos(now);
  }

  /** A {@link Clock} that reads this scheduler's virtual time, for the fake's timestamps. */
  public Clock clock() {
    return new VirtualClock(this);
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
    tasks.add(t);
    notifyAll();
    return () -> {
      synchronized (VirtualScheduler.this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves time forward by {@code duration}, running every task due on the way. */
  public void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
        ran++;
      }
      next.run.run();
    }
  }

  /** Runs the tasks due now without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /**
   * Advances time task by task until {@code condition} holds or {@code limit} of virtual time has
   * passed; returns whether the condition holds. When no task is due and the condition does not hold
   * yet, it waits (in real time, at most 10 s in all) for another thread to schedule one: so blocking
   * code running on another thread can be driven, such as {@code client.generate(request)}.
   */
  public boolean advanceUntil(java.util.function.BooleanSupplier condition, Duration limit) {
    long end;
    synchronized (this) {
      end = now + limit.toNanos();
    }
    long realDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    runDue();
    while (!condition.getAsBoolean()) {
      long step;
      synchronized (this) {
        Task next = tasks.peek();
        if (next == null || next.due > end) {
          long left = realDeadline - System.nanoTime();
          if (left <= 0) {
            now = Math.max(now, end);
            return condition.getAsBoolean();
          }
          try {
            wait(Math.max(1, Math.min(10, left / 1_000_000)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
          }
          continue;
        }
        step = next.due - now;
      }
      advance(Duration.ofNanos(step));
    }
    return true;
  }

  /** How many tasks wait to run. */
  public synchronized int pendingTasks() {
    return tasks.size();
  }

  /** How many tasks have run so far. */
  public synchronized long tasksRun() {
    return ran;
  }

  /** The delays from now of the pending tasks, soonest first; for assertions. */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(null);
    List<Duration> delays = new ArrayList<>();
    for (Task t : sorted) {
      delays.add(Duration.ofNanos(t.due - now));
    }
    return delays;
  }

  private static final class Task implements Comparable<Task> {
    final long due;
    final long seq;
    final Runnable run;

    Task(long due, long seq, Runnable run) {
      this.due = due;
      this.seq = seq;
      this.run = run;
    }

    @Override
    public int compareTo(Task o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
    }
  }

  private static final class VirtualClock extends Clock {
    private final VirtualScheduler scheduler;

    VirtualClock(VirtualScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      if (zone.equals(ZoneOffset.UTC)) {
        return this;
      }
      throw new UnsupportedOperationException("the virtual clock is in UTC");
    }

    @Override
    public Instant instant() {
      return scheduler.now();
    }
  }
}
