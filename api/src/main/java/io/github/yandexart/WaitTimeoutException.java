package io.github.yandexart;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * We stopped waiting: the total budget ({@link WaitPolicy#totalBudget()}) ran out, or could not
 * cover a delay the service asked for, while the operation was still running. The operation may
 * still finish; resume with {@link YandexArtClient#await(String)} and the {@link #operationId()}, or
 * stop it with {@link YandexArtClient#cancelOperation(String)}.
 */
public class WaitTimeoutException extends YandexArtException {
  private static final long serialVersionUID = 1L;

  private final transient Operation lastSnapshot;
  private final Duration waited;
  private final Duration requestedDelay;

  /** The total budget ran out after {@code waited}. */
  public WaitTimeoutException(String operationId, Operation lastSnapshot, Duration waited) {
    this(operationId, lastSnapshot, waited, null);
  }

  /**
   * We stopped after {@code waited} because the service asked to wait {@code requestedDelay} before
   * the next read ({@code Retry-After}, {@code RetryInfo} or a poll hint), more than what was left of
   * the total budget; null when the budget simply ran out.
   */
  public WaitTimeoutException(String operationId, Operation lastSnapshot, Duration waited, Duration requestedDelay) {
    this(operationId, lastSnapshot, waited, requestedDelay, null);
  }

  /**
   * As {@link #WaitTimeoutException(String, Operation, Duration, Duration)}, with the failure of the
   * last read as the cause: a read cut short because the total budget ran out while it was in flight.
   */
  public WaitTimeoutException(String operationId, Operation lastSnapshot, Duration waited, Duration requestedDelay,
      Throwable cause) {
    super(message(Objects.requireNonNull(operationId, "operationId"), waited, requestedDelay), operationId, cause);
    this.lastSnapshot = lastSnapshot;
    this.waited = Objects.requireNonNull(waited, "waited");
    this.requestedDelay = requestedDelay;
  }

  private static String message(String operationId, Duration waited, Duration requestedDelay) {
    String why = requestedDelay == null
        ? "the total budget ran out"
        : "the service asked to wait " + seconds(requestedDelay) + " before reading again, longer than"
            + " what was left of the total budget";
    return "stopped waiting for operation " + operationId + " after " + seconds(waited) + ": " + why
        + "; it may still finish: resume with YandexArtClient.await(\"" + operationId + "\")";
  }

  /** The last state read before we stopped, if any read succeeded. */
  public Optional<Operation> lastSnapshot() {
    return Optional.ofNullable(lastSnapshot);
  }

  /** How long we waited. */
  public Duration waited() {
    return waited;
  }

  /**
   * The delay the service asked for that the total budget could not cover; empty when the budget
   * simply ran out.
   */
  public Optional<Duration> requestedDelay() {
    return Optional.ofNullable(requestedDelay);
  }

  /** {@code 5.0s}, {@code 86400.0s}: one decimal, for people. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
  }
}
