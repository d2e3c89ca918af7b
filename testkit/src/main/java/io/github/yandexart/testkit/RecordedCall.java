package io.github.yandexart.testkit;

import io.github.yandexart.ImageGenerationRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One call the fake store answered (or refused), for assertions. */
public final class RecordedCall {
  /** Which call. */
  public enum Kind { SUBMIT, GET, CANCEL }

  private final Kind kind;
  private final String operationId;
  private final ImageGenerationRequest request;
  private final Instant at;
  private final boolean failed;

  RecordedCall(Kind kind, String operationId, ImageGenerationRequest request, Instant at, boolean failed) {
    this.kind = kind;
    this.operationId = operationId;
    this.request = request;
    this.at = at;
    this.failed = failed;
  }

  public Kind kind() {
    return kind;
  }

  /** The operation the call was about; empty for a refused submit. */
  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }

  /** The request, for submits. */
  public Optional<ImageGenerationRequest> request() {
    return Optional.ofNullable(request);
  }

  /** When the call was answered, on the store's clock. */
  public Instant at() {
    return at;
  }

  /** Whether the store answered with an error. */
  public boolean failed() {
    return failed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RecordedCall)) {
      return false;
    }
    RecordedCall c = (RecordedCall) o;
    return kind == c.kind && Objects.equals(operationId, c.operationId)
        && Objects.equals(request, c.request) && at.equals(c.at) && failed == c.failed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, operationId, at);
  }

  @Override
  public String toString() {
    return kind + (operationId == null ? "" : " " + operationId) + (failed ? " (failed)" : "") + " at " + at;
  }
}
