package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart wait ID}: resume waiting for an operation and write its image. */
@Command(name = WaitCommand.NAME, mixinStandardHelpOptions = true, description = WaitCommand.ABOUT)
final class WaitCommand implements Callable<Integer> {
  static final String NAME = "wait";
  static final String ABOUT = "Wait for an operation started earlier and write its image.";

  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Mixin
  WaitOptions waiting;

  @Parameters(index = "0", paramLabel = "OPERATION_ID",
      description = "The operation to wait for: the id generate printed (--no-wait prints only that).")
  String operationId;

  @Override
  public Integer call() {
    ImageFile place = ImageFile.check(cli.workingDir, waiting.output, waiting.force);
    try (Session session = Session.open(common, cli.env, Session.policy(common, waiting.timeout, waiting.pollInterval))) {
      try {
        GeneratedImage image = Waiting.await(cli, session, common, operationId, null, place.sink());
        return cli.deliver(place, operationId, image, common);
      } finally {
        place.discard(); // what a failed wait left half written
      }
    }
  }
}
