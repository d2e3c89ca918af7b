package io.github.yandexart.auth.internal;

/**
 * One attempt to get a token failed. The message is written for people and is already free of
 * secrets (it never quotes a reply body, a JWT or a key); {@link #retryable()} says whether the same
 * attempt may succeed a moment later (no connection, a timeout, HTTP 429 or 5xx).
 */
public final class TokenFetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public TokenFetchException(String message, boolean retryable) {
    super(message, null, false, false);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
