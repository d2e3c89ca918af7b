package io.github.yandexart.testkit;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a fake operation goes: when it ends and how. Reads count per operation and only successful
 * ones count; "after N reads" means the N-th read sees the final state (N = 0: the operation is
 * already done when submitted). "After a duration" is measured on the store's clock from the submit;
 * the operation's {@code modifiedAt} is then the moment it fell due, even if nobody read it then.
 *
 * <pre>{@code
 * store.setDefaultOutcome(Outcome.succeedAfterReads(3));
 * store.enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "unsafe")));
 * store.enqueueOutcome(Outcome.succeedAfter(Duration.ofMinutes(2)));   // on the store's clock
 * }</pre>
 */
public final class Outcome {
  // Immutable; one instance may script any number of operations.
  enum Kind { SUCCEED, FAIL, NEVER, ERROR_BEFORE_DONE }

  final Kind kind;
  final int reads;
  final Duration after;
  final OperationStatus status;
  final GeneratedImage image;

  private Outcome(Kind kind, int reads, Duration after, OperationStatus status, GeneratedImage image) {
    if (reads < 0) {
      throw new IllegalArgumentException("reads " + reads + " is negative");
    }
    if (after != null && after.isNegative()) {
      throw new IllegalArgumentException("duration " + after + " is negative");
    }
    this.kind = kind;
    this.reads = reads;
    this.after = after;
    this.status = status;
    this.image = image;
  }

  /** Done with an image on the {@code reads}-th read. */
  public static Outcome succeedAfterReads(int reads) {
    return new Outcome(Kind.SUCCEED, reads, null, null, null);
  }

  /** Done with an image once {@code duration} has passed on the store's clock since submit. */
  public static Outcome succeedAfter(Duration duration) {
    return new Outcome(Kind.SUCCEED, 0, Objects.requireNonNull(duration, "duration"), null, null);
  }

  /** Done with {@code status} as the error on the {@code reads}-th read. */
  public static Outcome failAfterReads(int reads, OperationStatus status) {
    return new Outcome(Kind.FAIL, reads, null, Objects.requireNonNull(status, "status"), null);
  }

  /** Done with {@code status} once {@code duration} has passed on the store's clock. */
  public static Outcome failAfter(Duration duration, OperationStatus status) {
    return new Outcome(Kind.FAIL, 0, Objects.requireNonNull(duration, "duration"),
        Objects.requireNonNull(status, "status"), null);
  }

  /** Ends cancelled (code CANCELLED) on the {@code reads}-th read, as if cancelled on the server. */
  public static Outcome cancelAfterReads(int reads) {
    return failAfterReads(reads, OperationStatus.of(StatusCode.CANCELLED, "operation cancelled"));
  }

  /** Ends cancelled (code CANCELLED) once {@code duration} has passed on the store's clock. */
  public static Outcome cancelAfter(Duration duration) {
    return failAfter(duration, OperationStatus.of(StatusCode.CANCELLED, "operation cancelled"));
  }

  /** Runs forever (until cancelled). */
  public static Outcome neverDone() {
    return new Outcome(Kind.NEVER, 0, null, null, null);
  }

  /**
   * From the {@code reads}-th read on, the operation has an error while {@code done} is still false
   * — a state the service can report, which clients must treat as failure.
   */
  public static Outcome errorBeforeDone(int reads, OperationStatus status) {
    return new Outcome(Kind.ERROR_BEFORE_DONE, reads, null, Objects.requireNonNull(status, "status"), null);
  }

  /** This outcome, succeeding with {@code image} instead of a rendered one. */
  public Outcome withImage(GeneratedImage image) {
    if (kind != Kind.SUCCEED) {
      throw new IllegalStateException("only a succeeding outcome has an image");
    }
    return new Outcome(kind, reads, after, status, Objects.requireNonNull(image, "image"));
  }

  Optional<GeneratedImage> image() {
    return Optional.ofNullable(image);
  }

  @Override
  public String toString() {
    String when = after != null ? "after " + after : "after " + reads + " reads";
    switch (kind) {
      case SUCCEED: return "succeed " + when;
      case FAIL: return "fail with " + status + " " + when;
      case ERROR_BEFORE_DONE: return "error before done (" + status + ") " + when;
      default: return "never done";
    }
  }
}
