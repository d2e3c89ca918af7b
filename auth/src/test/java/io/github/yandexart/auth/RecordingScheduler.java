package io.github.yandexart.auth;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs every task at once, on the scheduling thread, and records the delays it was asked for. */
public final class RecordingScheduler implements Scheduler {
  private final List<Duration> delays = new CopyOnWriteArrayList<>();

  public List<Duration> delays() {
    return List.copyOf(delays);
  }

  @Override
  public long nanoTime() {
    return 0;
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    delays.add(delay);
    task.run();
    return () -> {};
  }
}
