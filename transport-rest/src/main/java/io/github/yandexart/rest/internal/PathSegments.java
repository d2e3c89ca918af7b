package io.github.yandexart.rest.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one URI path segment (RFC 3986): only unreserved characters stay as they are. */
final class PathSegments {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathSegments() {}

  /**
   * {@code segment} encoded so that it stays one segment: {@code /}, {@code ?}, {@code #}, {@code %},
   * {@code :} and spaces are escaped (unlike {@link java.net.URLEncoder}, which writes {@code +} for a
   * space and is meant for forms), and so are the dots of a dot segment ({@code .}, {@code ..}), which
   * a client, proxy or server would otherwise resolve as "this" or "the parent" path.
   */
  static String encode(String segment) {
    if (onlyDots(segment)) {
      return "%2E".repeat(segment.length());
    }
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean onlyDots(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (segment.charAt(i) != '.') {
        return false;
      }
    }
    return !segment.isEmpty();
  }
}
