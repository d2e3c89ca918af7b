package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * We stopped waiting: the wait budget ran out while the operation was still running. The operation
 * may still finish; resume with {@link YandexArtClient#await(String)} and the {@link
 * #operationId()}, or stop it with {@link YandexArtClient#cancel(String)}.
 */
public class WaitTimeoutException extends YandexArtException {
  private static final long serialVersionUID = 1L;

  private final transient Operation lastSnapshot;
  private final Duration waited;

  public WaitTimeoutException(String operationId, Operation lastSnapshot, Duration waited) {
    super("stopped waiting for operation " + Objects.requireNonNull(operationId, "operationId")
        + " after " + format(waited) + "; it may still finish: resume with await(\"" + operationId
        + "\") or `yandexart wait " + operationId + "`", operationId, null);
    this.lastSnapshot = lastSnapshot;
    this.waited = waited;
  }

  /** The last state read before we stopped, if any read succeeded. */
  public Optional<Operation> lastSnapshot() {
    return Optional.ofNullable(lastSnapshot);
  }

  public Duration waited() {
    return waited;
  }

  /** The id to resume with; always present for this exception. */
  public String id() {
    return operationId().orElseThrow();
  }

  private static String format(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
