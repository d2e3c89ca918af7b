package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the commands that wait for an image: {@code generate} and {@code wait}. */
final class WaitOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the image (default: <operation id>.jpeg).")
  Path output;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
      description = "Stop waiting after this long (default 1h); the operation goes on.")
  Duration timeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Durations.class,
      description = "Read the operation this often instead of backing off.")
  Duration pollInterval;

  /** Writes {@code image} where {@code -o} says, else to {@code <id>.jpeg}; returns the file. */
  Path write(String operationId, GeneratedImage image) {
    return image.writeTo(output != null ? output : Waiting.defaultFile(operationId, image));
  }
}
