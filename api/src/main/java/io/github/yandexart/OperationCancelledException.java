package io.github.yandexart;

/** The operation was cancelled (it ended with code {@code CANCELLED}); no image will come. */
public class OperationCancelledException extends OperationFailedException {
  private static final long serialVersionUID = 1L;

  public OperationCancelledException(String operationId, OperationStatus status) {
    super("operation " + operationId + " was cancelled"
        + (status.message().isEmpty() ? "" : ": " + status.message()), operationId, status);
  }
}
