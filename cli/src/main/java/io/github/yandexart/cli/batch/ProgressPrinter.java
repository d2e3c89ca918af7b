package io.github.yandexart.cli.batch;

import io.github.yandexart.batch.BatchListener;
import io.github.yandexart.batch.BatchStatus;
import io.github.yandexart.batch.ItemRecord;
import io.github.yandexart.batch.ItemState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * How a batch run shows itself on stderr: on a terminal a bar redrawn in place (done / failed / in
 * flight / rate per minute / ETA); elsewhere a status line every {@code plainEvery}; with {@code
 * --quiet} nothing but errors. Failed, cancelled and ambiguous items are printed as they happen.
 */
final class ProgressPrinter implements BatchListener {
  private static final int BAR = 24;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean quiet;
  private final double quotaPerMinute;
  private final long plainEveryNanos;
  private long lastPlain = System.nanoTime();
  private boolean barShown;

  ProgressPrinter(PrintWriter err, boolean terminal, boolean quiet, double quotaPerMinute, Duration plainEvery) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
    this.quotaPerMinute = quotaPerMinute;
    this.plainEveryNanos = plainEvery.toNanos();
  }

  @Override
  public void onProgress(BatchStatus status) {
    if (quiet) {
      return;
    }
    if (terminal) {
      err.print("\r" + bar(status) + line(status) + "\u001b[K");
      err.flush();
      barShown = true;
    } else if (System.nanoTime() - lastPlain >= plainEveryNanos) {
      lastPlain = System.nanoTime();
      err.println("batch: " + line(status));
    }
  }

  @Override
  public void onItem(ItemRecord r) {
    if (r.state() == ItemState.DONE) {
      return;
    }
    clearBar();
    err.println("item " + r.line() + " (" + r.item().stem() + "): " + r.state()
        + r.errorCode().map(c -> " " + c).orElse("") + r.errorMessage().map(m -> ": " + m).orElse("")
        + r.operationId().map(id -> " [operation " + id + "]").orElse(""));
  }

  @Override
  public void onWarning(String message) {
    clearBar();
    err.println("yandexart: " + message);
  }

  /** Ends the bar's line so that what follows starts on its own. */
  void finish() {
    clearBar();
  }

  private void clearBar() {
    if (barShown) {
      err.print("\r\u001b[K");
      err.flush();
      barShown = false;
    }
  }

  private static String bar(BatchStatus s) {
    int total = Math.max(1, s.total());
    int finished = s.total() - s.remaining();
    int filled = (int) ((long) finished * BAR / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] ";
  }

  String line(BatchStatus s) {
    StringBuilder b = new StringBuilder();
    b.append(s.count(ItemState.DONE)).append('/').append(s.total()).append(" done");
    int failed = s.count(ItemState.FAILED) + s.count(ItemState.CANCELLED);
    if (failed > 0) {
      b.append(", ").append(failed).append(" failed");
    }
    if (s.count(ItemState.AMBIGUOUS) > 0) {
      b.append(", ").append(s.count(ItemState.AMBIGUOUS)).append(" ambiguous");
    }
    b.append(", ").append(s.inFlight()).append(" in flight");
    b.append(String.format(Locale.ROOT, ", %.0f/min", s.donePerMinute()));
    // The pace cannot beat the submit quota: the ETA never promises more than it allows.
    double pace = Math.min(s.donePerMinute(), quotaPerMinute);
    if (pace > 0 && s.remaining() > 0) {
      b.append(", ETA ").append(duration(Duration.ofSeconds((long) Math.ceil(s.remaining() * 60 / pace))));
    }
    return b.toString();
  }

  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s >= 3600) {
      return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
    if (s >= 60) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s + "s";
  }
}
