package io.github.yandexart.cli;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one-line live status on a terminal's stderr: spinner, elapsed time, reads so far, state. Shown
 * only when stderr is a terminal and not {@code --quiet}; otherwise it prints nothing at all.
 */
final class Progress implements WaitListener, AutoCloseable {
  private static final String SPINNER = "|/-\\";

  private final PrintStream err;
  private final String operationId;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private volatile int reads;
  private volatile String state = "RUNNING";
  private volatile String note = "";
  private int frame;
  private boolean closed;

  private Progress(PrintStream err, String operationId, boolean live) {
    this.err = err;
    this.operationId = Untrusted.clean(operationId);
    if (live) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "yandexart-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::draw, 0, 100, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /** A status line for {@code operationId}, live only when {@code live}. */
  static Progress start(PrintStream err, String operationId, boolean live) {
    return new Progress(err, operationId, live);
  }

  @Override
  public void onRead(Operation snapshot, int reads) {
    this.reads = reads;
    this.state = snapshot.state();
    this.note = "";
  }

  @Override
  public void onReadFailed(ApiCallException failure, int failures) {
    this.note = "  retrying after " + failure.code();
  }

  /** How long since the wait started. */
  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private synchronized void draw() {
    if (closed) {
      return;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    err.print(String.format(Locale.ROOT, "\r\033[2K%c %s  %5.1fs  reads: %d  %s%s",
        SPINNER.charAt(frame++ % SPINNER.length()), operationId, elapsed, reads, state, note));
    err.flush();
  }

  @Override
  public synchronized void close() {
    if (ticker != null && !closed) {
      closed = true;
      ticker.shutdownNow();
      err.print("\r\033[2K");
      err.flush();
    }
  }
}
