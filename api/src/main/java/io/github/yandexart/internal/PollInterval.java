package io.github.yandexart.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The one codec of the {@code x-operation-poll-interval} header (REST) and metadata key (gRPC): the
 * server's hint of how long to wait before reading an operation again, in seconds. Both transports
 * read it with {@link #parse(String)}; the emulator writes it with {@link #format(Duration)}.
 */
public final class PollInterval {
  /** The header's (and gRPC metadata key's) name. */
  public static final String HEADER = "x-operation-poll-interval";
  /** More than this (about 31 years) is nonsense, not a hint. */
  private static final BigDecimal LONGEST_SECONDS = BigDecimal.valueOf(1_000_000_000L);

  private PollInterval() {}

  /**
   * The hint in {@code value}: decimal seconds ({@code 5}, {@code 0.5}), optionally with an {@code s}
   * as protobuf's JSON writes a Duration ({@code 1.500s}); null when absent, not a positive number, or
   * absurdly large. Network data: never throws.
   */
  public static Duration parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.endsWith("s") || v.endsWith("S")) {
      v = v.substring(0, v.length() - 1).trim();
    }
    if (v.isEmpty() || v.length() > 32 || !v.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
      return null;
    }
    try {
      BigDecimal seconds = new BigDecimal(v);
      if (seconds.signum() <= 0 || seconds.compareTo(LONGEST_SECONDS) > 0) {
        return null;
      }
      return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** {@code d} as the service writes it: plain decimal seconds, no unit ({@code 2}, {@code 1.5}). */
  public static String format(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a poll interval must be positive, not " + d);
    }
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
        .stripTrailingZeros().toPlainString();
  }
}
