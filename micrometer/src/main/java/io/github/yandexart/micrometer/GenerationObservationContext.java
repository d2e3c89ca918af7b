package io.github.yandexart.micrometer;

import io.github.yandexart.ClientObserver.OperationEnd;
import io.github.yandexart.ClientObserver.OperationStart;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code yandexart.generation} observation knows: how the operation started, its id once the
 * service gave one, and how it ended once it did.
 */
public final class GenerationObservationContext extends Observation.Context {
  private final OperationStart start;
  private volatile String operationId;
  private volatile OperationEnd end;

  public GenerationObservationContext(OperationStart start) {
    this.start = Objects.requireNonNull(start, "start");
    this.operationId = start.operationId().orElse(null);
  }

  public OperationStart start() {
    return start;
  }

  /** The operation's id, once known (after the submit, for a generation). */
  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }

  void operationId(String operationId) {
    this.operationId = operationId;
  }

  /** How the operation ended; empty while it runs. */
  public Optional<OperationEnd> end() {
    return Optional.ofNullable(end);
  }

  void end(OperationEnd end) {
    this.end = end;
    end.operationId().ifPresent(this::operationId);
  }
}
