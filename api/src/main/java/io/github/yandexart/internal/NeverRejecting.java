package io.github.yandexart.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor a caller named in {@code CallOptions.withExecutor}, as every generator uses it: what
 * that executor rejects (it was shut down, its queue is full) runs on the thread that hands it over,
 * so that a call's answer is never dropped.
 */
public final class NeverRejecting implements Executor {
  private final Executor executor;

  private NeverRejecting(Executor executor) {
    this.executor = executor;
  }

  /** {@code executor}, running on the calling thread what it rejects. */
  public static Executor of(Executor executor) {
    return executor instanceof NeverRejecting ? executor : new NeverRejecting(executor);
  }

  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }
}
