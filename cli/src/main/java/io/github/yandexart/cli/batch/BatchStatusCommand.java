package io.github.yandexart.cli.batch;

import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.BatchJournals;
import io.github.yandexart.batch.BatchStatus;
import io.github.yandexart.batch.ItemRecord;
import io.github.yandexart.batch.ItemState;
import io.github.yandexart.batch.JournalException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code yandexart batch status --journal J}: counts, failures and ambiguous items of a batch. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print a batch's counts by state, its failed, cancelled and AMBIGUOUS items, and who wrote"
        + " what (the whole fleet's, with a PostgreSQL journal).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every item done", "1:some items failed, were cancelled or are AMBIGUOUS",
        "2:no such journal, or it holds no batch yet", "3:items still to submit or to wait for", "4:the journal cannot be read"})
final class BatchStatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--journal", required = true, paramLabel = "PATH|JDBC-URL",
      description = "The batch's journal: a SQLite file (DIR/batch.db) or a jdbc:postgresql: URL.")
  String journal;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!journal.startsWith("jdbc:") && !Files.isRegularFile(Path.of(journal))) {
      err.println("yandexart: no journal at " + journal);
      return ExitCodes.USAGE;
    }
    try (BatchJournal j = BatchJournals.open(journal)) {
      if (j.batchId().isEmpty()) {
        err.println("yandexart: the journal " + j.describe() + " holds no batch yet");
        return ExitCodes.USAGE;
      }
      List<ItemRecord> records = j.records();
      BatchStatus status = new BatchStatus(j.counts(), 0, 0);
      out.println("batch " + j.batchId().get() + " in " + j.describe() + ": " + status.total() + " items");
      for (ItemState s : ItemState.values()) {
        if (status.count(s) > 0) {
          out.printf("  %-10s %d%n", s, status.count(s));
        }
      }
      Map<String, Integer> byWorker = new TreeMap<>();
      for (ItemRecord r : records) {
        if (r.state() == ItemState.DONE) {
          byWorker.merge(r.workerId().orElse("?"), 1, Integer::sum);
        }
      }
      if (byWorker.size() > 1) {
        out.println("done by worker:");
        byWorker.forEach((w, n) -> out.printf("  %-40s %d%n", w, n));
      }
      for (ItemRecord r : records) {
        if (r.state() == ItemState.FAILED || r.state() == ItemState.CANCELLED || r.state() == ItemState.AMBIGUOUS) {
          out.println(r.state() + " item " + r.line() + " (" + r.item().stem() + ")"
              + r.errorCode().map(c -> " " + c).orElse("") + r.errorMessage().map(m -> ": " + m).orElse("")
              + r.operationId().map(id -> " [operation " + id + "]").orElse("")
              + r.clientRequestId().filter(x -> r.state() == ItemState.AMBIGUOUS)
                  .map(id -> " [x-client-request-id " + id + "]").orElse(""));
        }
      }
      if (status.remaining() > 0) {
        return ExitCodes.STOPPED;
      }
      return status.count(ItemState.DONE) == status.total() ? ExitCodes.DONE : ExitCodes.FAILED;
    } catch (JournalException e) {
      err.println("yandexart: " + e.getMessage());
      return ExitCodes.CALL_FAILED;
    }
  }
}
