package io.github.yandexart.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Commands printed for the user to paste into a shell: every untrusted word is quoted. */
final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._/:@%+=,-]+");

  private Shell() {}

  /**
   * {@code word} as one shell word: as is when it holds only safe characters, else in single quotes
   * (a {@code '} written {@code '\''}); with control characters, ANSI-C quoting ({@code $'...'}, bash
   * and zsh) so that nothing unprintable reaches the terminal either.
   */
  static String quote(String word) {
    if (!word.isEmpty() && SAFE.matcher(word).matches()) {
      return word;
    }
    boolean control = word.chars().anyMatch(c -> Untrusted.isUnsafe((char) c));
    if (!control) {
      return "'" + word.replace("'", "'\\''") + "'";
    }
    StringBuilder s = new StringBuilder("$'");
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\'' || c == '\\') {
        s.append('\\').append(c);
      } else if (Untrusted.isUnsafe(c)) {
        s.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('\'').toString();
  }

  /**
   * The command that resumes waiting for {@code operationId} with the same endpoints and transport;
   * {@code --} before an id that starts with {@code -} so that it is not read as an option.
   */
  static String resume(String verb, String operationId, Common common, String... extra) {
    List<String> flags = new ArrayList<>();
    if (common != null) {
      if (common.transport != null) {
        flags.add("--transport");
        flags.add(quote(common.transport));
      }
      if (common.endpoint != null) {
        flags.add("--endpoint");
        flags.add(quote(common.endpoint.toString()));
      }
      if (common.operationEndpoint != null) {
        flags.add("--operation-endpoint");
        flags.add(quote(common.operationEndpoint.toString()));
      }
    }
    flags.addAll(List.of(extra));
    List<String> words = new ArrayList<>(List.of("yandexart", verb));
    if (operationId.startsWith("-")) {
      words.addAll(flags);
      words.add("--");
      words.add(quote(operationId));
    } else {
      words.add(quote(operationId));
      words.addAll(flags);
    }
    return String.join(" ", words);
  }
}
