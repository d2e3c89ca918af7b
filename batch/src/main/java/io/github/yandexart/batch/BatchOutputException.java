package io.github.yandexart.batch;

/** The output directory cannot take the batch's images: not writable, or too little free space. */
public final class BatchOutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BatchOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
