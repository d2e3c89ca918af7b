package io.github.yandexart.rest.internal;

import io.github.yandexart.internal.Redaction;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Short excerpts of reply bodies for error messages: enough to recognise a proxy's HTML page or a
 * broken JSON document, never image data (long base64 runs and binary bodies are elided) and never
 * the credentials this call sent.
 */
final class Snippets {
  /** The longest excerpt, in characters. */
  static final int MAX_LENGTH = 200;

  private static final int SCAN_BYTES = 2048;
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{64,}={0,2}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private Snippets() {}

  /**
   * An excerpt of {@code body[0, length)}, redacted by {@link Redaction} ({@code authorization} is the
   * value the call sent, or null).
   */
  static String of(byte[] body, int length, String authorization) {
    if (body == null || length == 0) {
      return "";
    }
    int scan = Math.min(length, SCAN_BYTES);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer chars = CharBuffer.allocate(scan);
    decoder.decode(ByteBuffer.wrap(body, 0, scan), chars, true);
    chars.flip();
    String text = chars.toString();
    if (looksBinary(text)) {
      return "(" + length + " bytes of binary data)";
    }
    text = Redaction.redact(text, authorization);
    text = BASE64_RUN.matcher(text).replaceAll(m -> "<" + m.group().length() + " characters of base64>");
    text = WHITESPACE.matcher(text).replaceAll(" ").trim();
    return shorten(text, MAX_LENGTH) + (length > scan && text.length() <= MAX_LENGTH ? "…" : "");
  }

  /** {@code text}, cut to {@code max} characters with an ellipsis. */
  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static boolean looksBinary(String text) {
    int odd = 0;
    int n = Math.min(text.length(), 512);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD' || c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        odd++;
      }
    }
    return odd * 10 > n;
  }
}
