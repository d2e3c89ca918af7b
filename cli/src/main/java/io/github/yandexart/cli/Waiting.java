package io.github.yandexart.cli;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting as the commands share it, with the CLI's words for how a wait ends early. */
final class Waiting {
  /** How long the one look that tells NOT_FOUND from a slow operation may take: its call's timeout. */
  private static final Duration PROBE = Duration.ofSeconds(1);

  /** Said with every resume command under {@code --emulator}: that emulator ends with the command. */
  static final String EMULATOR_GONE = "(the --emulator's operations end with this command: resume works against"
      + " the service or a running `yandexart emulator`)";

  private Waiting() {}

  /**
   * Waits for {@code id} with a status line, streams the image into {@code sink} and returns it (streamed); prints {@code announce} first
   * when there is no status line (stderr not a terminal, not quiet); rethrows the SDK's
   * typed failures, except that stopping waiting becomes a {@link CliFailure} with the resume
   * command. While it waits, SIGINT or SIGTERM (when {@code cli} handles signals) ends the status
   * line, prints the resume command and exits with {@link YandexArtCli#STOPPED_WAITING}.
   */
  static GeneratedImage await(YandexArtCli cli, Session session, Common common, String id, String announce,
      ImageSink sink) {
    try (Progress progress = Progress.start(cli.err, id, cli.stderrIsTerminal && !common.quiet)) {
      return await(cli, session, common, id, progress, announce, sink);
    }
  }

  private static GeneratedImage await(YandexArtCli cli, Session session, Common common, String id, Progress progress,
      String announce, ImageSink sink) {
    Signals.Hook hook = cli.signals.onStop(() -> {
      progress.close();
      cli.err.println("yandexart: " + Untrusted.clean("interrupted: stopped waiting for operation " + id
          + " after " + Durations.format(progress.elapsed()) + "; it is still running"));
      cli.err.println(Untrusted.clean("resume with: " + Shell.resume("wait", id, common)));
      if (common.emulator) {
        cli.err.println(EMULATOR_GONE);
      }
      cli.err.flush();
    });
    try {
      // Announced only once a signal would be answered, so that whoever reads it may send one.
      if (announce != null && !common.quiet && !cli.stderrIsTerminal) {
        cli.err.println(Untrusted.clean(announce));
      }
      // streamed into the sink as it arrives: the image is never held whole
      return session.client().awaitTo(id, sink, progress);
    } catch (CancellationException e) {
      throw stopped(id, common, "interrupted: stopped waiting for operation " + id + "; it is still running", e);
    } catch (ApiCallException e) {
      if (e.code() == StatusCode.NOT_FOUND) {
        throw e;
      }
      // A read failed for good, but the operation runs on: say how to pick it up again.
      throw new CliFailure(YandexArtCli.exitCode(e), YandexArtCli.inCliWords(e.getMessage()),
          List.of("the operation may still be running; resume with: " + Shell.resume("wait", id, common)), e);
    } catch (WaitTimeoutException timeout) {
      // A budget past the NOT_FOUND window would have ended with NOT_FOUND by itself.
      if (timeout.lastSnapshot().isEmpty()
          && timeout.waited().compareTo(session.client().waitPolicy().notFoundWindow()) <= 0) {
        probe(session, id);
      }
      String state = timeout.lastSnapshot().map(Operation::state).map(s -> " (last seen " + s + ")").orElse("");
      String why = timeout.requestedDelay()
          .map(d -> ": the service asked to wait " + Durations.format(d) + " before reading again, more than what"
              + " was left of the total budget (--timeout)")
          .orElse(", the total budget (--timeout)");
      throw stopped(id, common, "stopped waiting for operation " + id + " after " + Durations.format(timeout.waited())
          + why + "; it may still finish" + state, timeout);
    } finally {
      hook.close();
    }
  }

  private static CliFailure stopped(String id, Common common, String message, Throwable cause) {
    List<String> more = new ArrayList<>(List.of("resume with: " + Shell.resume("wait", id, common)
        + "   (or stop it: " + Shell.resume("cancel", id, common) + ")"));
    if (common.emulator) {
      more.add(EMULATOR_GONE);
    }
    return new CliFailure(YandexArtCli.STOPPED_WAITING, message, more, cause);
  }

  /**
   * A wait that never read the operation may have been waiting for an id the service does not know
   * (a few NOT_FOUND answers are taken for replication lag): one bounded look tells which.
   */
  private static void probe(Session session, String id) {
    try {
      // Through the generator with its own call timeout, so that no call outlives the look.
      session.client().generator().getOperation(id, CallOptions.timeout(PROBE))
          .get(PROBE.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof ApiCallException && ((ApiCallException) cause).code() == StatusCode.NOT_FOUND) {
        throw new CliFailure(YandexArtCli.CALL_FAILED, "operation " + id + " was not found (NOT_FOUND): check"
            + " the id; the service keeps an operation for a limited time", List.of(), cause);
      }
    } catch (TimeoutException e) {
      // no answer in time either: report the wait as it ended
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The failure inside a future's wrapping. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
