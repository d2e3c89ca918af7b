package io.github.yandexart.cli.batch;

import picocli.CommandLine.Command;

/** {@code yandexart batch run|status}: many images from a file, durable and quota-aware. */
@Command(name = BatchCommand.NAME, mixinStandardHelpOptions = true,
    description = {BatchCommand.ABOUT, BatchCommand.MORE},
    subcommands = {BatchRunCommand.class, BatchStatusCommand.class})
public final class BatchCommand {
  public static final String NAME = "batch";
  public static final String ABOUT = "Generate one image per line of a file, recording every step in a journal so"
      + " that a run can be stopped, killed and resumed without paying twice.";
  public static final String MORE = "Journal: a SQLite file (default DIR/batch.db), or a jdbc:postgresql: URL that"
      + " several workers on several machines share, with one quota.";
}
