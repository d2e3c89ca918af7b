package io.github.yandexart.internal;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client-wide quota: at most {@code permits} calls start in any window of {@code window}, in the
 * order they were asked for. Calls past the budget queue (no thread waits) and start when the oldest
 * call of the window has left it. The engine keeps one for operation reads (50 a second) and one for
 * submits (500 a minute), the service's quotas.
 */
public final class CallBudget implements CallGate {
  /** A call waiting for a slot. */
  public interface Call {
    /** False when nobody wants the call any more; it is dropped without using a slot. */
    boolean wanted();

    /** Starts the call; must not block. */
    void start();

    /** The quota could not be read (a shared {@link io.github.yandexart.spi.RateLimiter} failed): fail the call unsent. */
    default void refused(Throwable error) {}
  }

  private final long window;

  private final Scheduler scheduler;
  private final int permits;
  // A ring of the last `used` start times, oldest at `next` once full. It grows as reads come, up to
  // `permits` entries, so that a huge budget (Integer.MAX_VALUE for "no limit") costs nothing up front.
  private long[] starts;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private int next;
  private int used;
  private boolean timerSet;

  /** At most {@code perSecond} calls in any one second. */
  public CallBudget(int perSecond, Scheduler scheduler) {
    this(perSecond, Duration.ofSeconds(1), scheduler);
  }

  /** At most {@code permits} calls in any window of {@code window}. */
  public CallBudget(int permits, Duration window, Scheduler scheduler) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits " + permits + " must be at least 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window " + window + " must be positive");
    }
    this.window = window.toNanos();
    this.permits = permits;
    this.starts = new long[Math.min(permits, 16)];
    this.scheduler = scheduler;
  }

  /** Starts {@code read} now if the budget allows, or later, in turn. */
  @Override
  public void submit(Call read) {
    synchronized (this) {
      queue.add(read);
    }
    drain();
  }

  /** How many calls are waiting for a slot. */
  @Override
  public synchronized int queued() {
    return queue.size();
  }

  private void drain() {
    List<Call> ready = new ArrayList<>();
    synchronized (this) {
      while (!queue.isEmpty()) {
        Call head = queue.peek();
        if (!head.wanted()) {
          queue.poll();
          continue;
        }
        long now = scheduler.nanoTime();
        if (used == permits && now - starts[next] < window) {
          if (!timerSet) {
            timerSet = true;
            scheduler.schedule(this::onTimer, Duration.ofNanos(window - (now - starts[next])));
          }
          break;
        }
        if (used == starts.length && used < permits) {
          grow();
        }
        starts[next] = now;
        next = (next + 1) % starts.length;
        used = Math.min(used + 1, permits);
        ready.add(queue.poll());
      }
    }
    for (Call read : ready) {
      read.start();
    }
  }

  /**
   * Doubles the ring (up to permits). It grows only when it fills for the first time, before it
   * ever wraps, so its entries are already oldest first and the next one goes after them.
   */
  private void grow() {
    next = starts.length;
    starts = Arrays.copyOf(starts, (int) Math.min(permits, 2L * starts.length));
  }

  private void onTimer() {
    synchronized (this) {
      timerSet = false;
    }
    drain();
  }
}
