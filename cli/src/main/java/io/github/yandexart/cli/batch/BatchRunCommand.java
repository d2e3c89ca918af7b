package io.github.yandexart.cli.batch;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.batch.BatchInput;
import io.github.yandexart.batch.BatchInputException;
import io.github.yandexart.batch.BatchItem;
import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.BatchJournals;
import io.github.yandexart.batch.BatchOutputException;
import io.github.yandexart.batch.BatchResult;
import io.github.yandexart.batch.BatchRunner;
import io.github.yandexart.batch.ItemState;
import io.github.yandexart.batch.JournalException;
import io.github.yandexart.batch.Manifest;
import io.github.yandexart.batch.SharedQuota;
import io.github.yandexart.cli.Common;
import io.github.yandexart.cli.Session;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code yandexart batch run FILE --out DIR}: run (or resume) a batch. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submit one image per item of FILE within the quota, wait for each, and write it under DIR.",
        "FILE: one prompt per line (blank lines and # comments skipped), or JSON Lines with prompt, negative,"
            + " seed, aspectRatio (\"16:9\"), mimeType, name. Bad lines are listed and nothing is sent.",
        "Run the same command again to resume: done items are skipped, submitted ones awaited by id,"
            + " AMBIGUOUS ones (a submit that may or may not have started) left alone unless"
            + " --resubmit-ambiguous.",
        "Ctrl-C stops submitting and exits 3, resumable; a second Ctrl-C exits at once."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every item done", "1:some items failed, were cancelled or are AMBIGUOUS (see status)",
        "2:bad input, output directory or journal", "3:stopped before the end (resume by running again)",
        "4:calls failed (auth, network, quota) or the disk"})
final class BatchRunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  Common common;

  @Parameters(index = "0", paramLabel = "FILE", description = "Prompts: plain text or JSON Lines.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where the images and manifest.jsonl go (created if missing).")
  Path out;

  @Option(names = "--journal", paramLabel = "PATH|JDBC-URL",
      description = "SQLite file (default DIR/batch.db) or jdbc:postgresql://host/db?user=… shared by a fleet"
          + " (password from ~/.pgpass).")
  String journal;

  @Option(names = "--resubmit-ambiguous",
      description = "Submit AMBIGUOUS items again, accepting that some may be generated and billed twice.")
  boolean resubmitAmbiguous;

  @Option(names = "--worker-id", paramLabel = "ID",
      description = "This worker's name in the journal (default: host/pid/random).")
  String workerId;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256",
      description = "Items submitted or awaited at once by this worker (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--submits-per-minute", paramLabel = "N", defaultValue = "500",
      description = "The folder's submit quota; shared by the fleet with a PostgreSQL journal"
          + " (default: ${DEFAULT-VALUE}).")
  int submitsPerMinute;

  @Option(names = "--reads-per-second", paramLabel = "N", defaultValue = "50",
      description = "The folder's operation-read quota; shared likewise (default: ${DEFAULT-VALUE}).")
  int readsPerSecond;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    List<BatchItem> items;
    try {
      items = BatchInput.read(input);
    } catch (BatchInputException e) {
      err.println("yandexart: " + e.getMessage());
      err.println("nothing was submitted");
      return ExitCodes.USAGE;
    } catch (UncheckedIOException e) {
      err.println("yandexart: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String journalLocation = journal != null ? journal : out.resolve("batch.db").toString();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      ClientConfig config;
      try {
        config = config(System.getenv(), resources);
      } catch (Session.MissingCredentialsException e) {
        err.println("yandexart: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      if (config.folderId().isEmpty()) {
        err.println("yandexart: no folder: set YC_FOLDER_ID");
        return ExitCodes.USAGE;
      }
      BatchJournal journalHandle = BatchJournals.open(journalLocation);
      resources.add(0, journalHandle);
      YandexArtClient.Builder clientBuilder = YandexArtClient.builder().generator(ImageGenerators.create(config))
          .waitPolicy(config.waitPolicy()).folderId(config.folderId().get());
      if (journalLocation.startsWith("jdbc:postgresql:")) {
        SharedQuota submits = SharedQuota.postgres(journalLocation, new Properties(), "submits", submitsPerMinute,
            Duration.ofMinutes(1));
        resources.add(0, submits);
        SharedQuota reads = SharedQuota.postgres(journalLocation, new Properties(), "reads", readsPerSecond,
            Duration.ofSeconds(1));
        resources.add(0, reads);
        clientBuilder.submitLimiter(submits).readLimiter(reads);
      }
      YandexArtClient client = clientBuilder.build();
      resources.add(0, client);

      ProgressPrinter progress = new ProgressPrinter(err, terminal(), common.quiet, submitsPerMinute,
          Duration.ofSeconds(10));
      BatchRunner.Builder runnerBuilder = BatchRunner.builder(client, journalHandle, items)
          .source(input.toString()).model(ModelUri.of(config.folderId().get())).outputDirectory(out)
          .maxInFlight(maxInFlight).resubmitAmbiguous(resubmitAmbiguous).listener(progress);
      if (workerId != null) {
        runnerBuilder.workerId(workerId);
      }
      BatchRunner runner = runnerBuilder.build();
      Interrupts.onInterrupt(() -> {
        progress.finish();
        err.println("yandexart: stopping: no new submits; waiting for the submits already sent to answer"
            + " (Ctrl-C again to exit now)");
        err.flush();
        runner.stop();
      }, () -> {
        err.println("yandexart: exiting now; a submit in flight becomes AMBIGUOUS (see batch status)");
        err.flush();
        Runtime.getRuntime().halt(ExitCodes.STOPPED);
      });

      BatchResult result = runner.run();
      progress.finish();
      if (!common.quiet) {
        err.println("batch: " + progress.line(result.status()));
        stdout.println(out.resolve(Manifest.FILE_NAME));
      }
      result.callFailure().ifPresent(m -> err.println("yandexart: " + m));
      int code = result.exitCode();
      if (code == ExitCodes.STOPPED || code == ExitCodes.CALL_FAILED) {
        err.println("resume with: yandexart " + resumeCommand());
      } else if (code == ExitCodes.FAILED) {
        err.println("see: yandexart batch status --journal " + quote(journalLocation));
        if (result.status().count(ItemState.AMBIGUOUS) > 0) {
          err.println(result.status().count(ItemState.AMBIGUOUS) + " AMBIGUOUS item(s) were not submitted again;"
              + " add --resubmit-ambiguous to submit them again (each may then be billed twice)");
        }
      }
      return code;
    } catch (BatchOutputException e) {
      err.println("yandexart: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (JournalException e) {
      err.println("yandexart: " + e.getMessage());
      return e.getMessage().contains("another batch") || e.getMessage().contains("another process")
          ? ExitCodes.USAGE : ExitCodes.CALL_FAILED;
    } finally {
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception e) {
          err.println("yandexart: " + e.getMessage());
        }
      }
    }
  }

  /**
   * The config from the environment and the common flags, the batch's quotas as the wait policy; with
   * {@code --emulator}, the embedded emulator the CLI's other commands use (closed with {@code
   * resources}).
   */
  private ClientConfig config(Map<String, String> env, List<AutoCloseable> resources) {
    WaitPolicy.Builder policy = WaitPolicy.defaults().toBuilder().maxSubmitsPerMinute(submitsPerMinute)
        .maxReadsPerSecond(readsPerSecond).totalBudget(Duration.ofHours(1));
    if (common.emulator) {
      policy.initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1));
    }
    Session.Target target = Session.target(common, env, policy.build());
    resources.add(target);
    return target.config();
  }

  private static boolean terminal() {
    String tty = System.getProperty("yandexart.stderr.tty");
    return tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
  }

  private String resumeCommand() {
    // The arguments of the whole command line, "batch run" included.
    return spec.commandLine().getParseResult().originalArgs().stream().map(BatchRunCommand::quote).collect(Collectors.joining(" "));
  }

  static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
