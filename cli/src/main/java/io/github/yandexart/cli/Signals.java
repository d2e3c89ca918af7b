package io.github.yandexart.cli;

/**
 * What SIGINT (Ctrl-C) and SIGTERM do while a command waits: run the command's last words, then end
 * the JVM with a chosen exit code instead of the JVM's 130 or 143. A shutdown hook does it, the one
 * portable way to hear those signals; it is added only for the wait and removed after it.
 */
final class Signals {
  /** Embedded and test runs: signals are the host's business. */
  static final Signals NONE = new Signals(-1);

  private final int exitCode;

  private Signals(int exitCode) {
    this.exitCode = exitCode;
  }

  /** Signals end the process with {@code exitCode}, after the action of the current {@link #onStop}. */
  static Signals exitingWith(int exitCode) {
    return new Signals(exitCode);
  }

  /** Until closed, a signal runs {@code lastWords} and exits; closing removes that again. */
  Hook onStop(Runnable lastWords) {
    if (exitCode < 0) {
      return () -> {};
    }
    Thread thread = new Thread(() -> {
      try {
        lastWords.run();
      } finally {
        Runtime.getRuntime().halt(exitCode);
      }
    }, "yandexart-signal");
    Runtime.getRuntime().addShutdownHook(thread);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(thread);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is stopping: the hook runs and decides the exit code
      }
    };
  }

  /** An installed {@link #onStop} action. */
  interface Hook extends AutoCloseable {
    @Override
    void close();
  }
}
