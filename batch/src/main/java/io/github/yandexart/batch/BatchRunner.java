package io.github.yandexart.batch;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a batch: submits every item within the client's quota, awaits each operation, writes each
 * image atomically under the output directory, and records every step in a {@link BatchJournal}
 * before acting on it. Running it again on the same journal resumes: done items are skipped (a done
 * item whose file is missing is fetched again by its operation id), submitted items are awaited by
 * id, pending items are submitted, AMBIGUOUS items are left alone unless {@link
 * Builder#resubmitAmbiguous(boolean)} says otherwise.
 *
 * <pre>{@code
 * List<BatchItem> items = BatchInput.read(Path.of("prompts.jsonl"));
 * try (YandexArtClient client = YandexArtClient.create(config);
 *     BatchJournal journal = BatchJournals.sqlite(Path.of("images/batch.db"))) {
 *   BatchResult result = BatchRunner.builder(client, journal, items)
 *       .model(ModelUri.of(config.folderId()))
 *       .outputDirectory(Path.of("images"))
 *       .build()
 *       .run();
 * }
 * }</pre>
 *
 * <p>{@link #run()} blocks the calling thread, which does all the journal's and the files' work;
 * the client's futures only hand results to it. {@link #stop()} may be called from any thread.
 */
public final class BatchRunner {
  private static final Runnable WAKE = () -> {};

  private final YandexArtClient client;
  private final BatchJournal journal;
  private final List<BatchItem> items;
  private final String source;
  private final Path out;
  private final ModelUri model;
  private final String workerId;
  private final Duration lease;
  private final Duration heartbeat;
  private final Duration progressInterval;
  private final int maxInFlight;
  private final int maxSubmitting;
  private final boolean resubmitAmbiguous;
  private final long minFreeSpace;
  private final BatchListener listener;
  private final ImageSink sink;

  private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private volatile boolean stopRequested;

  // Owned by the thread in run().
  private final Map<Integer, CompletableFuture<?>> awaiting = new HashMap<>();
  private int submitting;
  private final ArrayDeque<Long> doneTimes = new ArrayDeque<>();
  private String callFailure;
  private int unfinished;
  private int lostFiles;
  private boolean draining;

  private BatchRunner(Builder b) {
    this.client = b.client;
    this.journal = b.journal;
    this.items = b.items;
    this.source = b.source;
    this.out = Objects.requireNonNull(b.out, "outputDirectory").toAbsolutePath().normalize();
    this.model = Objects.requireNonNull(b.model, "model");
    this.workerId = b.workerId;
    this.lease = b.lease;
    this.heartbeat = b.lease.dividedBy(3);
    this.progressInterval = b.progressInterval;
    this.maxInFlight = b.maxInFlight;
    this.maxSubmitting = Math.min(b.maxSubmitting, b.maxInFlight);
    this.resubmitAmbiguous = b.resubmitAmbiguous;
    this.minFreeSpace = b.minFreeSpace;
    this.listener = b.listener;
    this.sink = b.sink;
  }

  /** A runner of {@code items} with {@code client}, recording in {@code journal}. */
  public static Builder builder(YandexArtClient client, BatchJournal journal, List<BatchItem> items) {
    return new Builder(client, journal, items);
  }

  /** This worker's id in the journal. */
  public String workerId() {
    return workerId;
  }

  /**
   * Stops submitting, stops waiting locally, lets submits already sent record their operation ids,
   * and makes {@link #run()} return (exit code 3). Everything left is resumable from the journal.
   */
  public void stop() {
    stopRequested = true;
    events.add(WAKE);
  }

  /**
   * Runs the batch until every item is final or AMBIGUOUS, or until it is stopped or calls fail.
   *
   * @throws BatchOutputException when the output directory cannot take images (nothing was sent)
   * @throws JournalException when the journal cannot be used
   */
  public BatchResult run() {
    prepareOutput();
    journal.begin(BatchInput.batchId(items), source, items);
    journal.expireSubmitting();
    List<ItemRecord> missing = missingFiles();
    long nextBeat = System.nanoTime() + heartbeat.toNanos();
    long nextProgress = System.nanoTime() + progressInterval.toNanos();
    boolean exhausted = false;
    boolean awaitScanDue = true;
    boolean stopHandled = false;
    for (ItemRecord r : missing) {
      refetch(r);
    }
    while (true) {
      if (stopRequested && !stopHandled) {
        stopHandled = true;
        draining = true;
        for (Map.Entry<Integer, CompletableFuture<?>> e : new ArrayList<>(awaiting.entrySet())) {
          e.getValue().cancel(false);
          journal.release(e.getKey(), workerId, "STOPPED", "stopped while waiting; resumable by operation id");
        }
        awaiting.clear();
      }
      if (!draining && awaitScanDue) {
        awaitScanDue = !claimAwaits();
      }
      if (!draining && !exhausted) {
        exhausted = claimSubmits();
      }
      if (awaiting.isEmpty() && submitting == 0) {
        if (draining || !othersHoldWork()) {
          break;
        }
      }
      long now = System.nanoTime();
      long wait = Math.min(nextBeat, nextProgress) - now;
      Runnable event = null;
      if (wait > 0) {
        try {
          event = events.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stop();
          continue;
        }
      }
      while (event != null) {
        event.run();
        event = events.poll();
      }
      now = System.nanoTime();
      if (now >= nextBeat) {
        // Other workers may have released items, or died and left theirs: look again.
        exhausted = false;
        awaitScanDue = true;
        nextBeat = now + heartbeat.toNanos();
        journal.renew(workerId, lease);
        journal.expireSubmitting();
      }
      if (now >= nextProgress) {
        nextProgress = now + progressInterval.toNanos();
        listener.onProgress(status());
      }
    }
    BatchStatus status = status();
    listener.onProgress(status);
    try {
      Manifest.write(out, journal.records());
    } catch (IOException e) {
      listener.onWarning("could not write the manifest in " + out + ": " + e.getMessage());
    }
    return new BatchResult(status, stopRequested, callFailure, unfinished, lostFiles);
  }

  private void prepareOutput() {
    try {
      sink.probe(out);
    } catch (IOException e) {
      throw new BatchOutputException("cannot write images in " + out + ": " + e + "; nothing was submitted", e);
    }
    try {
      long free = Files.getFileStore(out).getUsableSpace();
      if (free < minFreeSpace) {
        throw new BatchOutputException("only " + free / (1024 * 1024) + " MiB free in " + out + ", less than the "
            + minFreeSpace / (1024 * 1024) + " MiB the batch keeps in reserve; nothing was submitted", null);
      }
    } catch (IOException e) {
      throw new BatchOutputException("cannot read the free space of " + out + ": " + e.getMessage(), e);
    }
  }

  /** Claims submitted items nobody holds, to await them; true when none is left. */
  private boolean claimAwaits() {
    while (!draining && awaiting.size() + submitting < maxInFlight) {
      Optional<ItemRecord> r = journal.claimAwait(workerId, lease);
      if (r.isEmpty()) {
        return true;
      }
      await(r.get(), r.get().operationId().orElseThrow());
    }
    return false;
  }

  /** Claims items to submit while there is room; true when none is left. */
  private boolean claimSubmits() {
    while (!draining && submitting < maxSubmitting && awaiting.size() + submitting < maxInFlight) {
      String clientRequestId = UUID.randomUUID().toString();
      Optional<ItemRecord> r = journal.claimSubmit(workerId, clientRequestId, lease, resubmitAmbiguous);
      if (r.isEmpty()) {
        return true;
      }
      submit(r.get(), clientRequestId);
    }
    return false;
  }

  /** True while another worker holds items that may still need this one (its lease may expire). */
  private boolean othersHoldWork() {
    Map<ItemState, Integer> counts = journal.counts();
    return counts.get(ItemState.SUBMITTING) + counts.get(ItemState.SUBMITTED) > 0
        || counts.get(ItemState.PENDING) > 0
        || resubmitAmbiguous && counts.get(ItemState.AMBIGUOUS) > 0;
  }

  private void submit(ItemRecord record, String clientRequestId) {
    submitting++;
    CompletableFuture<Operation> sent;
    try {
      sent = client.submitAsync(record.item().request(model), CallOptions.defaults().withClientRequestId(clientRequestId));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((op, error) -> events.add(() -> onSubmitted(record, clientRequestId, op, error)));
  }

  private void onSubmitted(ItemRecord record, String clientRequestId, Operation op, Throwable error) {
    submitting--;
    int line = record.line();
    if (error == null) {
      if (journal.submitted(line, workerId, clientRequestId, op.id())) {
        if (draining) {
          journal.release(line, workerId, "STOPPED", "stopped before waiting; resumable by operation id");
        } else {
          await(record, op.id());
        }
      } else {
        listener.onWarning("item " + line + ": operation " + op.id() + " was started after the item had been"
            + " given up (its lease expired); it is not recorded");
      }
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof ApiCallException) {
      ApiCallException a = (ApiCallException) cause;
      String code = a.code().name();
      if (a.isProvablyNotAccepted() || a.origin() == ApiCallException.Origin.CLIENT) {
        journal.notAccepted(line, workerId, code, a.getMessage());
        failCalls("submit of item " + line + " failed: " + a.getMessage());
      } else if (a.origin() == ApiCallException.Origin.SERVER && isRefusal(a.code())) {
        if (a.code() == StatusCode.INVALID_ARGUMENT) {
          journal.failed(line, workerId, code, a.getMessage());
          itemEnded(line);
        } else {
          journal.notAccepted(line, workerId, code, a.getMessage());
          failCalls("submit of item " + line + " failed: " + a.getMessage());
        }
      } else {
        journal.ambiguous(line, workerId, code, a.getMessage());
        itemEnded(line);
      }
    } else if (cause instanceof IllegalArgumentException) {
      journal.failed(line, workerId, StatusCode.INVALID_ARGUMENT.name(), cause.getMessage());
      itemEnded(line);
    } else {
      journal.ambiguous(line, workerId, "UNKNOWN", String.valueOf(cause));
      itemEnded(line);
    }
  }

  /** A server answer that says it did not act on the request (not one that may hide a started call). */
  private static boolean isRefusal(StatusCode code) {
    switch (code) {
      case INTERNAL:
      case UNKNOWN:
      case DEADLINE_EXCEEDED:
      case CANCELLED:
      case ABORTED:
      case DATA_LOSS:
        return false;
      default:
        return true;
    }
  }

  private void await(ItemRecord record, String operationId) {
    CompletableFuture<GeneratedImage> wait = client.awaitAsync(operationId);
    awaiting.put(record.line(), wait);
    wait.whenComplete((image, error) -> events.add(() -> onAwaited(record, operationId, wait, image, error)));
  }

  private void onAwaited(ItemRecord record, String operationId, CompletableFuture<?> wait, GeneratedImage image,
      Throwable error) {
    int line = record.line();
    if (awaiting.get(line) != wait) {
      return;
    }
    awaiting.remove(line);
    if (error == null) {
      ImageSink.Written written;
      try {
        written = sink.write(out, record.item().stem(), image);
      } catch (IOException e) {
        journal.release(line, workerId, "OUTPUT", "could not write the image: " + e);
        failCalls("could not write the image of item " + line + " (operation " + operationId + ") in " + out
            + ": " + e + "; it stays SUBMITTED and is fetched again by id on the next run");
        return;
      }
      if (journal.done(line, workerId, written.file.toString(), written.sha256, written.size,
          image.modelVersion().orElse(null))) {
        doneTimes.add(System.nanoTime());
        itemEnded(line);
      }
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof OperationCancelledException) {
      journal.cancelled(line, workerId, cause.getMessage());
      itemEnded(line);
    } else if (cause instanceof OperationFailedException) {
      OperationFailedException f = (OperationFailedException) cause;
      journal.failed(line, workerId, f.code().name(), f.status().message());
      itemEnded(line);
    } else if (cause instanceof WaitTimeoutException) {
      journal.release(line, workerId, "WAIT_TIMEOUT", cause.getMessage());
      unfinished++;
      draining = true;
    } else {
      String code = cause instanceof ApiCallException ? ((ApiCallException) cause).code().name() : "UNKNOWN";
      journal.release(line, workerId, code, String.valueOf(cause.getMessage()));
      failCalls("waiting for item " + line + " (operation " + operationId + ") failed: " + cause.getMessage());
    }
  }

  private void failCalls(String message) {
    if (callFailure == null) {
      callFailure = message;
      listener.onWarning(message);
    }
    draining = true;
  }

  private void itemEnded(int line) {
    journal.record(line).ifPresent(listener::onItem);
  }

  private List<ItemRecord> missingFiles() {
    List<ItemRecord> missing = new ArrayList<>();
    for (ItemRecord r : journal.records()) {
      if (r.state() == ItemState.DONE && r.file().isPresent() && r.operationId().isPresent()) {
        Path file = Path.of(r.file().get()).toAbsolutePath().normalize();
        if (file.startsWith(out) && !Files.exists(file)) {
          missing.add(r);
        }
      }
    }
    return missing;
  }

  /** Fetches the image of a DONE item whose file is gone, by its operation id; never submits again. */
  private void refetch(ItemRecord r) {
    String operationId = r.operationId().orElseThrow();
    try {
      GeneratedImage image = client.awaitAsync(operationId).get();
      ImageSink.Written written = sink.write(out, r.item().stem(), image);
      journal.refetched(r.line(), workerId, written.file.toString(), written.sha256, written.size);
      listener.onWarning("item " + r.line() + ": the file was missing; fetched it again from operation "
          + operationId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    } catch (ExecutionException | IOException | RuntimeException e) {
      lostFiles++;
      listener.onWarning("item " + r.line() + ": the file " + r.file().orElse("") + " is missing and operation "
          + operationId + " could not be read again (" + unwrap(e).getMessage() + "); it is not regenerated");
    }
  }

  private BatchStatus status() {
    long cutoff = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
    while (!doneTimes.isEmpty() && doneTimes.peekFirst() < cutoff) {
      doneTimes.pollFirst();
    }
    return new BatchStatus(journal.counts(), awaiting.size() + submitting, doneTimes.size());
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String defaultWorkerId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isEmpty()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "host";
      }
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Builds a {@link BatchRunner}; not thread-safe. */
  public static final class Builder {
    private final YandexArtClient client;
    private final BatchJournal journal;
    private final List<BatchItem> items;
    private String source = "items";
    private Path out;
    private ModelUri model;
    private String workerId;
    private Duration lease = Duration.ofSeconds(60);
    private Duration progressInterval = Duration.ofSeconds(1);
    private int maxInFlight = 256;
    private int maxSubmitting = 4;
    private boolean resubmitAmbiguous;
    private long minFreeSpace = 64L * 1024 * 1024;
    private BatchListener listener = BatchListener.NONE;
    private ImageSink sink = ImageSink.FILES;

    private Builder(YandexArtClient client, BatchJournal journal, List<BatchItem> items) {
      this.client = Objects.requireNonNull(client, "client");
      this.journal = Objects.requireNonNull(journal, "journal");
      this.items = List.copyOf(items);
      if (this.items.isEmpty()) {
        throw new IllegalArgumentException("a batch needs at least one item");
      }
    }

    /** The input's name, recorded in the journal and quoted when another batch finds it. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Where images and the manifest go; created if missing. Required. */
    public Builder outputDirectory(Path out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /** The model every item is sent to, such as {@code ModelUri.of(folderId)}. Required. */
    public Builder model(ModelUri model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** This worker's id in the journal; default: host, process id and a random suffix. */
    public Builder workerId(String workerId) {
      if (workerId == null || workerId.isBlank()) {
        throw new IllegalArgumentException("worker id is blank");
      }
      this.workerId = workerId;
      return this;
    }

    /**
     * How long the items this worker holds stay its own without a heartbeat (renewed every third of
     * it); after that other workers of a shared journal take them over. Default 60 s.
     */
    public Builder lease(Duration lease) {
      if (lease.compareTo(Duration.ofMillis(300)) < 0) {
        throw new IllegalArgumentException("lease " + lease + " is too short: use at least 300 ms");
      }
      this.lease = lease;
      return this;
    }

    /** How often {@link BatchListener#onProgress} is called. Default 1 s. */
    public Builder progressInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("progress interval " + interval + " must be positive");
      }
      this.progressInterval = interval;
      return this;
    }

    /** At most this many items submitted or awaited at once by this worker. Default 256. */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max in flight " + n + " must be at least 1");
      }
      this.maxInFlight = n;
      return this;
    }

    /**
     * At most this many submits between recorded intent and answer at once. Kept small: if the
     * process dies, these are the items that become AMBIGUOUS. Default 4.
     */
    public Builder maxSubmitting(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max submitting " + n + " must be at least 1");
      }
      this.maxSubmitting = n;
      return this;
    }

    /** Submits AMBIGUOUS items again, accepting that some may be generated (and billed) twice. */
    public Builder resubmitAmbiguous(boolean resubmit) {
      this.resubmitAmbiguous = resubmit;
      return this;
    }

    /** The free space the output directory must have before anything is submitted. Default 64 MiB. */
    public Builder minFreeSpace(long bytes) {
      this.minFreeSpace = bytes;
      return this;
    }

    public Builder listener(BatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    Builder sink(ImageSink sink) {
      this.sink = sink;
      return this;
    }

    public BatchRunner build() {
      if (workerId == null) {
        workerId = defaultWorkerId();
      }
      return new BatchRunner(this);
    }
  }
}
