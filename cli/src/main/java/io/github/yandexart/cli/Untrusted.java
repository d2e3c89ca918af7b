package io.github.yandexart.cli;

/**
 * Text that came from the network (operation ids, server messages, details) made safe to print: a
 * server must not be able to move the cursor, recolour the terminal, forge a line or hide text.
 */
final class Untrusted {
  private Untrusted() {}

  /**
   * {@code text} with every control character written as a visible escape: C0 (including CR, LF
   * and TAB), DEL, C1 (so ESC and CSI cannot start a terminal sequence), the Unicode line and
   * paragraph separators and the bidirectional overrides that reorder what is shown.
   */
  static String clean(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder s = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c)) {
        if (s == null) {
          s = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        escape(c, s);
      } else if (s != null) {
        s.append(c);
      }
    }
    return s == null ? text : s.toString();
  }

  static boolean isUnsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
        || c == '\u200f' || c == '\u061c';
  }

  private static void escape(char c, StringBuilder s) {
    switch (c) {
      case '\n': s.append("\\n"); break;
      case '\r': s.append("\\r"); break;
      case '\t': s.append("\\t"); break;
      default:
        if (c <= 0xff) {
          s.append(String.format("\\x%02X", (int) c));
        } else {
          s.append(String.format("\\u%04X", (int) c));
        }
    }
  }
}
