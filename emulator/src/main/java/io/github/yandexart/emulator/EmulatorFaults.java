package io.github.yandexart.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport-level faults of the emulator, applied by both its REST and gRPC sides: slow answers and
 * dropped connections. Faults in the answers themselves (refusals, failed reads, NOT_FOUND lag) are
 * the store's: {@code emulator.store().faults()}.
 *
 * <p>Thread-safe.
 */
public final class EmulatorFaults {
  private int delayCount;
  private Duration delay = Duration.ZERO;
  private int dropCount;

  /** Delays the next {@code count} answers by {@code delay} each. */
  public synchronized void delayNextResponses(int count, Duration delay) {
    this.delayCount = count;
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /**
   * Drops the connection of the next {@code count} calls after reading the request and before
   * answering: the client sees a reset and cannot know whether the call took effect.
   */
  public synchronized void dropNextConnections(int count) {
    this.dropCount = count;
  }

  /** Turns every transport fault off. */
  public synchronized void clear() {
    delayCount = 0;
    dropCount = 0;
  }

  /** For the emulator's frontends: the delay to apply to this answer (zero for none). */
  public synchronized Duration takeDelay() {
    if (delayCount <= 0) {
      return Duration.ZERO;
    }
    delayCount--;
    return delay;
  }

  /** For the emulator's frontends: whether to drop this call's connection. */
  public synchronized boolean takeDrop() {
    if (dropCount <= 0) {
      return false;
    }
    dropCount--;
    return true;
  }
}
