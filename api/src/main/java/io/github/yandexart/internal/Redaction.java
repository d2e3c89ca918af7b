package io.github.yandexart.internal;

import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction of secrets from server-supplied text. A server may echo the credential it was sent
 * ({@code "bad credentials: Api-Key AQVN..."}); each transport passes every string it got from the
 * network through here before the string is stored in an exception, an {@link OperationStatus},
 * logged or printed.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MARK = "<redacted>";
  /** Shorter secrets are not searched for on their own: they would match ordinary words. */
  private static final int SHORTEST_SECRET = 6;
  private static final Pattern SCHEMES =
      Pattern.compile("(?i)\\b(Api-Key|Bearer)(\\s+|%20|\\+)[^\\s\"',;<>\\\\]+");

  private Redaction() {}

  /**
   * {@code text} with every {@code Api-Key <x>} and {@code Bearer <x>} form redacted, and every
   * occurrence of {@code authorization} (the {@code Authorization} value sent, such as {@code
   * Api-Key <secret>}) and of its secret part; null stays null.
   *
   * @param authorization the value the call sent, or null when none was sent
   */
  public static String redact(String text, String authorization) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (authorization != null && !authorization.isBlank()) {
      String value = authorization.trim();
      out = out.replace(value, MARK);
      int space = value.indexOf(' ');
      String secret = space < 0 ? value : value.substring(space + 1).trim();
      if (secret.length() >= SHORTEST_SECRET) {
        out = out.replace(secret, MARK);
      }
    }
    if (!mentionsAScheme(out)) {
      return out;
    }
    // "<" is not part of a secret, so "Api-Key <redacted>" does not match again.
    Matcher m = SCHEMES.matcher(out);
    return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + " " + MARK)) : out;
  }

  /**
   * Whether {@code text} contains {@code api-key} or {@code bearer} in any case: what {@link #SCHEMES}
   * needs to match at all, found without a regular expression (most texts have neither).
   */
  private static boolean mentionsAScheme(String text) {
    for (int i = text.indexOf('-'); i >= 0; i = text.indexOf('-', i + 1)) {
      if (text.regionMatches(true, i - 3, "api-key", 0, 7)) {
        return true;
      }
    }
    int n = text.length() - 6;
    for (int i = 0; i <= n; i++) {
      char c = text.charAt(i);
      if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
        return true;
      }
    }
    return false;
  }

  /** {@code status} with its message and every detail's field values redacted as {@link #redact}. */
  public static OperationStatus redact(OperationStatus status, String authorization) {
    if (status == null) {
      return null;
    }
    List<OperationStatus.Detail> details = new ArrayList<>(status.details().size());
    boolean changed = false;
    for (OperationStatus.Detail d : status.details()) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (Map.Entry<String, String> f : d.fields().entrySet()) {
        String v = redact(f.getValue(), authorization);
        changed |= !v.equals(f.getValue());
        fields.put(f.getKey(), v);
      }
      details.add(OperationStatus.Detail.of(d.typeUrl(), fields));
    }
    String message = redact(status.message(), authorization);
    if (!changed && message.equals(status.message())) {
      return status;
    }
    return OperationStatus.of(status.code(), message, details);
  }

  /** {@code op} with its error status, description and creator redacted as {@link #redact}. */
  public static Operation redact(Operation op, String authorization) {
    if (op == null) {
      return null;
    }
    OperationStatus error = op.error().orElse(null);
    OperationStatus redactedError = redact(error, authorization);
    String description = redact(op.description(), authorization);
    String createdBy = redact(op.createdBy(), authorization);
    if (redactedError == error && description.equals(op.description())
        && createdBy.equals(op.createdBy())) {
      return op;
    }
    Operation.Builder b = op.toBuilder().description(description).createdBy(createdBy);
    if (redactedError != null) {
      b.error(redactedError);
    }
    return b.build();
  }
}
