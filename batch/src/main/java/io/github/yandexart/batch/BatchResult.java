package io.github.yandexart.batch;

import java.util.Optional;

/** How a run of a {@link BatchRunner} ended. Immutable. */
public final class BatchResult {
  private final BatchStatus status;
  private final boolean stopped;
  private final String callFailure;
  private final int unfinished;
  private final int lostFiles;

  BatchResult(BatchStatus status, boolean stopped, String callFailure, int unfinished, int lostFiles) {
    this.status = status;
    this.stopped = stopped;
    this.callFailure = callFailure;
    this.unfinished = unfinished;
    this.lostFiles = lostFiles;
  }

  /** The journal's counts when the run ended. */
  public BatchStatus status() {
    return status;
  }

  /** True when {@link BatchRunner#stop()} ended the run before the end. */
  public boolean stopped() {
    return stopped;
  }

  /** The first call (or output) failure that made the run stop submitting. */
  public Optional<String> callFailure() {
    return Optional.ofNullable(callFailure);
  }

  /** Items submitted but not finished when the run ended (waits that ran out of time). */
  public int unfinished() {
    return unfinished;
  }

  /** DONE items whose file was missing and could not be fetched again. */
  public int lostFiles() {
    return lostFiles;
  }

  /**
   * The CLI's exit code: 3 stopped before the end (by the user, or waits that ran out of time), 4
   * calls failed, 1 some items failed, were cancelled, are AMBIGUOUS or lost their file, 0 all done.
   */
  public int exitCode() {
    if (stopped) {
      return 3;
    }
    if (callFailure != null) {
      return 4;
    }
    if (unfinished > 0 || status.remaining() > 0) {
      return 3;
    }
    if (status.count(ItemState.FAILED) + status.count(ItemState.CANCELLED) + status.count(ItemState.AMBIGUOUS)
        + lostFiles > 0) {
      return 1;
    }
    return 0;
  }

  @Override
  public String toString() {
    return "BatchResult{exit=" + exitCode() + ", " + status + "}";
  }
}
