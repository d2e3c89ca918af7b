package io.github.yandexart.cli.batch;

/** The CLI's exit codes, as {@code yandexart --help} lists them. */
final class ExitCodes {
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int STOPPED = 3;
  static final int CALL_FAILED = 4;

  private ExitCodes() {}
}
