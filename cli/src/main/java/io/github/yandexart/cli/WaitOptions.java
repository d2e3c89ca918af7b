package io.github.yandexart.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the commands that wait for an image: {@code generate} and {@code wait}. */
final class WaitOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the image, checked before anything is sent (default:"
          + " <operation-id>.jpeg in the working directory; a safe name for an id that is not one).")
  Path output;

  @Option(names = "--force", description = "Replace the output file if it exists (without it, the command refuses).")
  boolean force;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
      description = "The total budget for waiting, retries and the service's asked-for delays included"
          + " (default 1h); past it the command stops waiting, prints how to resume and exits 3.")
  Duration timeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Durations.class,
      description = "Read the operation this often instead of backing off.")
  Duration pollInterval;
}
