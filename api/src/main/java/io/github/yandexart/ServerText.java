package io.github.yandexart;

/** Bounds text that came from the network before it is kept in a value or an exception. */
final class ServerText {
  private ServerText() {}

  /** Keeps the first {@link OperationStatus#MAX_MESSAGE_LENGTH} chars and says how many were cut. */
  static String cap(String text) {
    if (text == null || text.length() <= OperationStatus.MAX_MESSAGE_LENGTH) {
      return text;
    }
    int keep = OperationStatus.MAX_MESSAGE_LENGTH;
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--; // never split a surrogate pair
    }
    return text.substring(0, keep) + "…[cut " + (text.length() - keep) + " chars]";
  }
}
