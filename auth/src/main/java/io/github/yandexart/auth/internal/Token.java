package io.github.yandexart.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** An IAM token with when it was obtained and when it expires. {@link #toString()} hides the value. */
public final class Token {
  private final String value;
  private final Instant obtainedAt;
  private final Instant expiresAt;

  public Token(String value, Instant obtainedAt, Instant expiresAt) {
    this.value = Objects.requireNonNull(value, "value");
    this.obtainedAt = Objects.requireNonNull(obtainedAt, "obtainedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(obtainedAt)) {
      throw new IllegalArgumentException("a token must expire after it is obtained");
    }
  }

  public String value() {
    return value;
  }

  public Instant obtainedAt() {
    return obtainedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The whole life of the token, from when it was obtained to when it expires. */
  public Duration lifetime() {
    return Duration.between(obtainedAt, expiresAt);
  }

  /** The {@code Authorization} header value. */
  public String authorization() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "Token{obtainedAt=" + obtainedAt + ", expiresAt=" + expiresAt + "}";
  }
}
