package io.github.yandexart.cli;

import io.github.yandexart.Operation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart cancel ID}: ask the service to stop an operation. */
@Command(name = CancelCommand.NAME, mixinStandardHelpOptions = true, description = CancelCommand.ABOUT)
final class CancelCommand implements Callable<Integer> {
  static final String NAME = "cancel";
  static final String ABOUT = "Ask the service to cancel an operation and print what it answered.";

  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Parameters(index = "0", paramLabel = "OPERATION_ID",
      description = "The operation to cancel: the id generate printed.")
  String operationId;

  @Override
  public Integer call() {
    try (Session session = Session.open(common, cli.env, Session.policy(common, null, null))) {
      Operation op = session.client().cancelOperation(operationId);
      cli.out.println(cli.shown(Describe.operation(op)));
      return YandexArtCli.DONE;
    }
  }
}
