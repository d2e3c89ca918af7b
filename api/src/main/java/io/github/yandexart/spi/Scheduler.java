package io.github.yandexart.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Time and timers for the wait engine. The default runs on one daemon thread per client; tests pass
 * a virtual-time implementation ({@code io.github.yandexart.testkit.VirtualScheduler}) so that waits
 * of hours take no time.
 *
 * <p>Implementations must be thread-safe. Tasks must be short: they start calls, never block.
 */
public interface Scheduler {
  /** A monotonic time in nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible). */
  Cancellable schedule(Runnable task, Duration delay);

  /**
   * Blocks the calling thread until {@code future} is done and returns its value, as {@link
   * CompletableFuture#get()} does; the blocking methods of {@code YandexArtClient} wait through it. A
   * scheduler in virtual time may drive its clock meanwhile, so that blocking code under test
   * finishes ({@code VirtualScheduler.autoAdvancing()} does).
   */
  default <T> T block(CompletableFuture<T> future) throws InterruptedException, ExecutionException {
    return future.get();
  }

  /** A scheduled task that may be called off. */
  interface Cancellable {
    /** Calls the task off if it has not started; does nothing otherwise. */
    void cancel();
  }
}
