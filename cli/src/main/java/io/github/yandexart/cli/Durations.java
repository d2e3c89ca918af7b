package io.github.yandexart.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h} or ISO-8601 {@code PT2S}. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(v);
    Duration d;
    if (m.matches()) {
      double n = Double.parseDouble(m.group(1));
      long unitMillis;
      switch (m.group(2)) {
        case "ms": unitMillis = 1; break;
        case "s": unitMillis = 1_000; break;
        case "m": unitMillis = 60_000; break;
        default: unitMillis = 3_600_000; break;
      }
      d = Duration.ofNanos(Math.round(n * unitMillis * 1_000_000));
    } else {
      try {
        d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: write 500ms, 2s, 10m, 1h or ISO-8601 like PT2S");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
    }
    return d;
  }

  /** {@code d} rounded for people: {@code 0.3s}, {@code 5.0s}, {@code 2m05s}, {@code 1h00m}. */
  static String format(Duration d) {
    long tenths = Math.round(d.toNanos() / 100_000_000.0);
    if (tenths < 600) {
      return String.format(Locale.ROOT, "%d.%ds", tenths / 10, tenths % 10);
    }
    long seconds = Math.round(d.toNanos() / 1e9);
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    long minutes = Math.round(seconds / 60.0);
    return String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
  }
}
