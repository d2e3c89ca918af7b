package io.github.yandexart.rest.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parsers for the reply headers the transport reads; each returns null for a value it cannot use. */
final class HeaderValues {
  /** More than this many seconds (about 31 years) is nonsense, not a hint. */
  private static final BigDecimal LONGEST_SECONDS = BigDecimal.valueOf(1_000_000_000L);

  private HeaderValues() {}

  /**
   * {@code Retry-After}: delay-seconds (whole, or with a fraction as some servers send) or an
   * HTTP-date, taken relative to {@code now}; a date in the past means zero.
   */
  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Duration seconds = plainSeconds(value);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Seconds, possibly fractional ({@code 1.5}), optionally with an {@code s} as protobuf's JSON writes
   * a Duration ({@code "1.500s"}): RetryInfo's {@code retryDelay}. ({@code x-operation-poll-interval}
   * is read by the api's {@code PollInterval}.)
   */
  static Duration seconds(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.endsWith("s") || v.endsWith("S")) {
      v = v.substring(0, v.length() - 1).trim();
    }
    return plainSeconds(v);
  }

  private static Duration plainSeconds(String value) {
    String v = value.trim();
    if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
      return null;
    }
    try {
      BigDecimal s = new BigDecimal(v);
      if (s.compareTo(LONGEST_SECONDS) > 0) {
        return null;
      }
      return Duration.ofNanos(s.movePointRight(9).longValue());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
