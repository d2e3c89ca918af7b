package io.github.yandexart;

import java.util.Optional;

/**
 * The root of the SDK's unchecked errors. Every error about an operation carries its id, so a
 * generation that has been submitted is never lost: resume it with {@link
 * YandexArtClient#await(String)} or stop it with {@link YandexArtClient#cancelOperation(String)}.
 */
public abstract class YandexArtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operationId;

  protected YandexArtException(String message, String operationId, Throwable cause) {
    super(message, cause);
    this.operationId = operationId;
  }

  /** The operation this error is about, when there is one. */
  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }
}
