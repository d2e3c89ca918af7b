package io.github.yandexart;

import java.util.Objects;

/**
 * The operation ended with an error: the service could not generate the image. {@link #status()}
 * holds the server's code and message. A cancelled operation is the subclass {@link
 * OperationCancelledException}.
 */
public class OperationFailedException extends YandexArtException {
  private static final long serialVersionUID = 1L;

  private final transient OperationStatus status;

  public OperationFailedException(String operationId, OperationStatus status) {
    this("operation " + operationId + " failed: " + status, operationId, status);
  }

  protected OperationFailedException(String message, String operationId, OperationStatus status) {
    super(message, Objects.requireNonNull(operationId, "operationId"), null);
    this.status = Objects.requireNonNull(status, "status");
  }

  public OperationStatus status() {
    return status;
  }

  public StatusCode code() {
    return status.code();
  }
}
