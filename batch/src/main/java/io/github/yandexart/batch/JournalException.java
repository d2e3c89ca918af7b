package io.github.yandexart.batch;

/** The journal cannot be used: unreadable, held by another batch or process, or a database error. */
public final class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
