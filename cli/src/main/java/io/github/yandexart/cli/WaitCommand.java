package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart wait ID}: resume waiting for an operation and write its image. */
@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Wait for an operation started earlier and write its image.")
final class WaitCommand implements Callable<Integer> {
  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Parameters(index = "0", paramLabel = "OPERATION_ID")
  String operationId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the image (default: <operation id>.jpeg).")
  Path output;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
      description = "Stop waiting after this long (default 1h); the operation goes on.")
  Duration timeout;

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Durations.class,
      description = "Read the operation this often instead of backing off.")
  Duration pollInterval;

  @Override
  public Integer call() {
    try (Session session = Session.open(common, cli.env, Session.policy(common, timeout, pollInterval))) {
      GeneratedImage image;
      try (Progress progress = Progress.start(cli.err, operationId, cli.stderrIsTerminal && !common.quiet)) {
        image = Waiting.await(session, operationId, progress);
      }
      cli.out.println(image.writeTo(output != null ? output : Waiting.defaultFile(operationId, image)));
      return YandexArtCli.DONE;
    }
  }
}
