package io.github.yandexart.cli;

import java.util.List;

/** A failure the CLI has already put in its own words: the lines to print and the exit code. */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int exitCode;
  final List<String> more;

  CliFailure(int exitCode, String message, List<String> more, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.more = List.copyOf(more);
  }
}
