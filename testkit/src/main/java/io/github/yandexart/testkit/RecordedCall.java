package io.github.yandexart.testkit;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.StatusCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call the fake store answered (or refused), for assertions. See {@link
 * InMemoryOperationStore#calls()} and {@link FakeAssertions}.
 */
public final class RecordedCall {
  /** Which call. */
  public enum Kind { SUBMIT, GET, CANCEL }

  private final Kind kind;
  private final String operationId;
  private final ImageGenerationRequest request;
  private final Instant at;
  private final StatusCode errorCode;

  RecordedCall(Kind kind, String operationId, ImageGenerationRequest request, Instant at, StatusCode errorCode) {
    this.kind = kind;
    this.operationId = operationId;
    this.request = request;
    this.at = at;
    this.errorCode = errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The operation the call was about; empty for a refused submit. */
  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }

  /** The request, for submits (refused ones too). */
  public Optional<ImageGenerationRequest> request() {
    return Optional.ofNullable(request);
  }

  /** When the call was answered, on the store's clock. */
  public Instant at() {
    return at;
  }

  /** Whether the store answered with an error. */
  public boolean failed() {
    return errorCode != null;
  }

  /** The code of the error the store answered with; empty when the call succeeded. */
  public Optional<StatusCode> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RecordedCall)) {
      return false;
    }
    RecordedCall c = (RecordedCall) o;
    return kind == c.kind && Objects.equals(operationId, c.operationId)
        && Objects.equals(request, c.request) && at.equals(c.at) && errorCode == c.errorCode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, operationId, at);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(kind);
    if (operationId != null) {
      s.append(' ').append(operationId);
    }
    if (request != null) {
      String prompt = request.messages().get(0).text();
      s.append(" \"").append(prompt.length() > 60 ? prompt.substring(0, 57) + "..." : prompt).append('"');
    }
    if (errorCode != null) {
      s.append(" -> ").append(errorCode);
    }
    return s.append(" at ").append(at).toString();
  }
}
