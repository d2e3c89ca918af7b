package io.github.yandexart.internal;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client-wide poll budget: at most {@code perSecond} reads start in any one-second window, in
 * the order they were asked for. Reads past the budget queue (no thread waits) and start when the
 * oldest read of the window is a second old.
 */
public final class ReadBudget {
  private static final long WINDOW = Duration.ofSeconds(1).toNanos();

  /** A read waiting for a slot. */
  public interface Read {
    /** False when nobody wants the read any more; it is dropped without using a slot. */
    boolean wanted();

    /** Starts the read; must not block. */
    void start();
  }

  private final Scheduler scheduler;
  private final int perSecond;
  // A ring of the last `used` start times, oldest at `next` once full. It grows as reads come, up to
  // perSecond entries, so that a huge budget (Integer.MAX_VALUE for "no limit") costs nothing up front.
  private long[] starts;
  private final ArrayDeque<Read> queue = new ArrayDeque<>();
  private int next;
  private int used;
  private boolean timerSet;

  public ReadBudget(int perSecond, Scheduler scheduler) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond " + perSecond + " must be at least 1");
    }
    this.perSecond = perSecond;
    this.starts = new long[Math.min(perSecond, 16)];
    this.scheduler = scheduler;
  }

  /** Starts {@code read} now if the budget allows, or later, in turn. */
  public void submit(Read read) {
    synchronized (this) {
      queue.add(read);
    }
    drain();
  }

  /** How many reads are waiting for a slot. */
  public synchronized int queued() {
    return queue.size();
  }

  private void drain() {
    List<Read> ready = new ArrayList<>();
    synchronized (this) {
      while (!queue.isEmpty()) {
        Read head = queue.peek();
        if (!head.wanted()) {
          queue.poll();
          continue;
        }
        long now = scheduler.nanoTime();
        if (used == perSecond && now - starts[next] < WINDOW) {
          if (!timerSet) {
            timerSet = true;
            scheduler.schedule(this::onTimer, Duration.ofNanos(WINDOW - (now - starts[next])));
          }
          break;
        }
        if (used == starts.length && used < perSecond) {
          grow();
        }
        starts[next] = now;
        next = (next + 1) % starts.length;
        used = Math.min(used + 1, perSecond);
        ready.add(queue.poll());
      }
    }
    for (Read read : ready) {
      read.start();
    }
  }

  /**
   * Doubles the ring (up to perSecond). It grows only when it fills for the first time, before it
   * ever wraps, so its entries are already oldest first and the next one goes after them.
   */
  private void grow() {
    next = starts.length;
    starts = Arrays.copyOf(starts, (int) Math.min(perSecond, 2L * starts.length));
  }

  private void onTimer() {
    synchronized (this) {
      timerSet = false;
    }
    drain();
  }
}
