package io.github.yandexart.internal;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The real-time {@link Scheduler}: one daemon thread. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final ScheduledThreadPoolExecutor executor;

  public SystemScheduler() {
    String name = "yandexart-scheduler-" + COUNTER.incrementAndGet();
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
