package io.github.yandexart.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What one in-process run of the CLI printed and returned. */
record CliRun(int exit, String out, String err) {
  /** Runs {@code args} in {@code workingDir} with {@code env}, as the command line would. */
  static CliRun in(Path workingDir, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = YandexArtCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false, workingDir, Signals.NONE);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Waits until {@code condition} holds, failing after {@code limit}; no fixed sleeps. */
  static void until(BooleanSupplier condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
  }
}
