package io.github.yandexart;

import java.util.regex.Pattern;

/** Bounds text that came from the network before it is kept in a value or an exception. */
final class ServerText {
  private static final Pattern MARKER = Pattern.compile("…\\[cut \\d+ chars\\]$");

  private ServerText() {}

  /**
   * Keeps the first {@link OperationStatus#MAX_MESSAGE_LENGTH} chars and says how many were cut.
   * Text cut already (copied from another exception) is kept as it is.
   */
  static String cap(String text) {
    int max = OperationStatus.MAX_MESSAGE_LENGTH;
    if (text == null || text.length() <= max) {
      return text;
    }
    if (text.length() <= max + 32 && MARKER.matcher(text).find()) {
      return text;
    }
    int keep = max;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return text.substring(0, keep) + "…[cut " + (text.length() - keep) + " chars]";
  }
}
