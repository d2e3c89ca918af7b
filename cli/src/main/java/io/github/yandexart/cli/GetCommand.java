package io.github.yandexart.cli;

import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.StatusCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart get ID}: read an operation once. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Read an operation once and print its state; write the image if it is done.")
final class GetCommand implements Callable<Integer> {
  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Parameters(index = "0", paramLabel = "OPERATION_ID")
  String operationId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the image here if the operation is done.")
  Path output;

  @Override
  public Integer call() {
    try (Session session = Session.open(common, cli.env,
        // One look: retry a failed read twice, not for a minute as a long wait would.
        Session.policy(common, null, null).toBuilder().maxConsecutiveReadFailures(2).build())) {
      Operation op = session.client().getOperation(operationId);
      cli.out.println(Describe.operation(op));
      if (op.error().isPresent()) {
        var status = op.error().get();
        throw status.code() == StatusCode.CANCELLED
            ? new OperationCancelledException(op.id(), status)
            : new OperationFailedException(op.id(), status);
      }
      if (output != null && op.image().isPresent()) {
        cli.out.println(op.image().get().writeTo(output));
      }
      return YandexArtCli.DONE;
    }
  }
}
