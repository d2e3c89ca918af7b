package io.github.yandexart.cli;

import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.StatusCode;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code yandexart get ID}: read an operation once. */
@Command(name = GetCommand.NAME, mixinStandardHelpOptions = true, description = GetCommand.ABOUT)
final class GetCommand implements Callable<Integer> {
  static final String NAME = "get";
  static final String ABOUT = "Read an operation once and print its state; write the image if it is done.";

  @ParentCommand
  YandexArtCli cli;

  @Mixin
  Common common;

  @Parameters(index = "0", paramLabel = "OPERATION_ID",
      description = "The operation to read: the id generate printed.")
  String operationId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the image here if the operation is done.")
  Path output;

  @Option(names = "--force", description = "Replace the output file if it exists (without it, the command refuses).")
  boolean force;

  @Override
  public Integer call() {
    ImageFile place = output == null ? null : ImageFile.check(cli.workingDir, output, force);
    // One look: one call, no retries, bounded by one call timeout (YandexArtClient.getOperation).
    try (Session session = Session.open(common, cli.env, Session.policy(common, null, null))) {
      // The image streams to where -o says (moved into place below), or nowhere without -o: never held.
      Operation op;
      try {
        op = session.client().getOperation(operationId,
            place != null ? place.sink() : (id, mimeType) -> OutputStream.nullOutputStream());
      } catch (RuntimeException e) {
        if (place != null) {
          place.discard();
        }
        throw e;
      }
      cli.out.println(cli.shown(Describe.operation(op)));
      if (op.error().isPresent()) {
        var status = op.error().get();
        throw status.code() == StatusCode.CANCELLED
            ? new OperationCancelledException(op.id(), status)
            : new OperationFailedException(op.id(), status);
      }
      if (place != null && op.image().isPresent()) {
        return cli.deliver(place, op.id(), op.image().get(), common);
      }
      return YandexArtCli.DONE;
    }
  }
}
