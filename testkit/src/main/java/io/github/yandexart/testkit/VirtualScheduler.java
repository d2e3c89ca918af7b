package io.github.yandexart.testkit;

import io.github.yandexart.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} in virtual time: nothing runs until the test calls {@link #advance(Duration)},
 * which runs every task that falls due, in time order, on the calling thread. Waits of hours take no
 * time, and no test sleeps.
 *
 * <p>Two modes. A scheduler made with {@code new VirtualScheduler()} is <em>manual</em>: only
 * {@code advance...} moves time. One made with {@link #autoAdvancing()} also moves time by itself
 * while a thread is blocked in a blocking client call ({@code client.generate(request)}, {@code
 * client.await(id)}...): that thread runs the due tasks, jumping from one to the next, until its
 * call is answered. So a service under test that calls the blocking client just works, and an
 * hour-long wait still takes no real time.
 *
 * <pre>{@code
 * VirtualScheduler time = new VirtualScheduler();
 * YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time).build();
 * CompletableFuture<GeneratedImage> image = client.generateAsync(request);
 * time.advance(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>{@link #advanceUntil} and {@link #advanceUntilDone} can also drive blocking code running on
 * another thread, such as {@code client.generate(request)}: when no task is due and the condition
 * does not hold yet, they wait in real time for that thread to schedule one or to finish, up to a
 * grace of 10 s per call. A test where only the advancing thread schedules tasks loses nothing by
 * that while it passes, but a wait that can never finish then takes the whole grace to fail: such
 * tests use {@link #withRealTimeGrace withRealTimeGrace(Duration.ZERO)}.
 *
 * <p>Thread-safe: tasks may be scheduled from any thread; they run only inside {@code advance}.
 */
public final class VirtualScheduler implements Scheduler {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration DEFAULT_REAL_TIME_GRACE = Duration.ofSeconds(10);

  /** How far a blocked call may move an auto-advancing clock before it is taken for a hang. */
  private static final Duration AUTO_ADVANCE_LIMIT = Duration.ofDays(365);

  private final long realTimeGraceNanos;
  private final boolean autoAdvance;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private long now;
  private long sequence;
  private long ran;

  /** A scheduler at 2026-01-01T00:00:00Z whose waits allow other threads 10 s of real time. */
  public VirtualScheduler() {
    this(DEFAULT_REAL_TIME_GRACE, false);
  }

  private VirtualScheduler(Duration realTimeGrace, boolean autoAdvance) {
    requireNotNegative(realTimeGrace);
    this.realTimeGraceNanos = realTimeGrace.toNanos();
    this.autoAdvance = autoAdvance;
  }

  /**
   * A scheduler whose time also moves while a thread is blocked in a blocking client call: see the
   * class comment. {@code advance...} works as well.
   */
  public static VirtualScheduler autoAdvancing() {
    return new VirtualScheduler(DEFAULT_REAL_TIME_GRACE, true);
  }

  /** Whether time moves by itself while a thread is blocked in a client call ({@link #autoAdvancing()}). */
  public boolean isAutoAdvancing() {
    return autoAdvance;
  }

  /**
   * Waits for {@code future}: in a {@linkplain #autoAdvancing() auto-advancing} scheduler by running
   * due tasks on this thread, jumping time from one to the next, until it is done; in a manual one
   * by blocking until another thread advances time far enough.
   *
   * @throws IllegalStateException (auto-advancing) when the future is not done after a year of
   *     virtual time with nothing left to run: it would never complete
   */
  @Override
  public <T> T block(CompletableFuture<T> future) throws InterruptedException, ExecutionException {
    if (autoAdvance && !advanceUntil(future::isDone, AUTO_ADVANCE_LIMIT) && !future.isDone()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while advancing virtual time");
      }
      throw new IllegalStateException("a blocking call is not answered after " + AUTO_ADVANCE_LIMIT.toDays()
          + " days of virtual time; " + describePending());
    }
    return future.get();
  }

  /**
   * A scheduler whose {@link #advanceUntil} waits at most {@code grace} of real time, per call, for
   * other threads to schedule tasks; {@link Duration#ZERO} when nothing but the advancing thread
   * schedules any, so that a wait that cannot finish fails at once.
   */
  public static VirtualScheduler withRealTimeGrace(Duration grace) {
    return new VirtualScheduler(Objects.requireNonNull(grace, "grace"), false);
  }

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
    requireNotNegative(duration);
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
   * yet, it waits (in real time, at most the scheduler's grace in all) for another thread to schedule
   * one: so blocking code running on another thread can be driven, such as {@code
   * client.generate(request)}.
   */
  public boolean advanceUntil(BooleanSupplier condition, Duration limit) {
    requireNotNegative(limit);
    long end;
    synchronized (this) {
      end = now + limit.toNanos();
    }
    long realDeadline = System.nanoTime() + realTimeGraceNanos;
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

  /**
   * Advances time task by task until {@code future} is done, at most by {@code limit}, and returns
   * its value: the virtual-time way to wait for a client's future.
   *
   * <pre>{@code
   * GeneratedImage image = time.advanceUntilDone(client.generateAsync(request), Duration.ofMinutes(5));
   * }</pre>
   *
   * @throws RuntimeException the future's failure as it is (unwrapped from {@link
   *     CompletionException}), such as {@code OperationFailedException}; an {@link Error} as it is;
   *     a checked failure wrapped in {@link CompletionException}
   * @throws IllegalStateException if the future is not done after {@code limit}; its message says
   *     what is still scheduled
   */
  public <T> T advanceUntilDone(CompletableFuture<T> future, Duration limit) {
    Objects.requireNonNull(future, "future");
    if (!advanceUntil(future::isDone, limit)) {
      throw new IllegalStateException("the future is not done after " + limit + " of virtual time; "
          + describePending());
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private synchronized String describePending() {
    List<Duration> delays = pendingDelays();
    return delays.size() + " tasks pending" + (delays.isEmpty() ? " (nothing will ever complete it)"
        : ", the next due in " + delays.subList(0, Math.min(5, delays.size())));
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

  private static void requireNotNegative(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration " + duration + " is negative: virtual time only moves forward");
    }
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
