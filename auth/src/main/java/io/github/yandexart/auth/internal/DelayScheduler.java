package io.github.yandexart.auth.internal;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link Scheduler} for retries within a token refresh: the JDK's shared delayed executor,
 * so credentials own no thread and need no closing.
 */
public final class DelayScheduler implements Scheduler {
  public static final DelayScheduler INSTANCE = new DelayScheduler();

  private DelayScheduler() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletableFuture.delayedExecutor(Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS).execute(() -> {
      if (!cancelled.get()) {
        task.run();
      }
    });
    return () -> cancelled.set(true);
  }
}
