package io.github.yandexart.internal;

import io.github.yandexart.spi.RateLimiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Where a call waits for its quota: a {@link CallBudget} in memory, or a user's {@link RateLimiter}. */
public interface CallGate {
  /** Starts {@code call} when the quota allows (or fails it when the quota cannot be read). */
  void submit(CallBudget.Call call);

  /**
   * Like {@link #submit(CallBudget.Call)}; a gate that queues starts lower {@code priority} first
   * (a shared limiter grants in no promised order, and ignores it).
   */
  default void submit(CallBudget.Call call, long priority) {
    submit(call);
  }

  /** How many calls are waiting. */
  int queued();

  /** A gate over {@code limiter}. */
  static CallGate of(RateLimiter limiter) {
    AtomicInteger queued = new AtomicInteger();
    return new CallGate() {
      @Override
      public void submit(CallBudget.Call call) {
        queued.incrementAndGet();
        CompletableFuture<Void> permit;
        try {
          permit = limiter.acquire();
        } catch (RuntimeException e) {
          permit = CompletableFuture.failedFuture(e);
        }
        permit.whenComplete((ok, error) -> {
          queued.decrementAndGet();
          if (error != null) {
            call.refused(error);
          } else if (call.wanted()) {
            call.start();
          }
        });
      }

      @Override
      public int queued() {
        return queued.get();
      }
    };
  }
}
