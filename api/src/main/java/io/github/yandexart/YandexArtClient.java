package io.github.yandexart;

import io.github.yandexart.internal.FileSink;
import io.github.yandexart.internal.Observers;
import io.github.yandexart.internal.StreamSink;
import io.github.yandexart.internal.SystemScheduler;
import io.github.yandexart.internal.Version;
import io.github.yandexart.internal.WaitEngine;
import io.github.yandexart.spi.RateLimiter;
import io.github.yandexart.spi.Scheduler;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.DoubleSupplier;

/**
 * What application code holds: any {@link ImageGenerator} plus waiting, retries and synchronous
 * conveniences.
 *
 * <pre>{@code
 * try (YandexArtClient client = YandexArtClient.create(ClientConfig.fromEnvironment())) {
 *   GeneratedImage image = client.generate(ImageGenerationRequest.of("a red cat"));
 *   image.writeTo(Path.of("cat.jpeg"));
 * }
 * }</pre>
 *
 * <p>Every call comes in a blocking and an asynchronous form: {@code submit}/{@code submitAsync},
 * {@code generate}/{@code generateAsync}, {@code await}/{@code awaitAsync}, {@code
 * getOperation}/{@code getOperationAsync}, {@code cancelOperation}/{@code cancelOperationAsync}. The
 * blocking forms throw the SDK's typed exceptions themselves ({@link OperationFailedException},
 * {@link OperationCancelledException}, {@link WaitTimeoutException}, {@link ApiCallException}),
 * never wrapped in a {@code CompletionException}; the futures fail with the same exceptions.
 *
 * <p><b>Streaming.</b> {@code generateTo} and {@code awaitTo} write the image to a file or an {@link
 * OutputStream} while it arrives, without holding it whole (a transport that cannot stream hands
 * over the bytes and the client writes them), and return a {@linkplain GeneratedImage#isStreamed()
 * streamed} {@link GeneratedImage} that knows the size, MIME type, model version and operation id. A
 * file is written atomically: into a hidden temp file in the same directory, renamed over the target
 * (replacing it) only when the whole image is there; on failure nothing is left behind. If writing
 * fails, the call fails with {@link java.io.UncheckedIOException} (the operation keeps running on the
 * service: resume with {@code awaitTo}).
 *
 * <pre>{@code
 * GeneratedImage written = client.generateTo(ImageGenerationRequest.of("a red cat"), Path.of("cat.jpeg"));
 * System.out.println(written.size() + " bytes of " + written.mimeType());
 * }</pre>
 *
 * <p>Waiting follows the {@link WaitPolicy}: {@code generate} (submit retries included) and {@code
 * await} end within its {@link WaitPolicy#totalBudget() total budget}, and each call within the
 * smaller of {@link WaitPolicy#callTimeout()} and what is left of that budget. All waits of one
 * client share one scheduler thread and one poll budget, so thousands of operations in flight use a
 * few threads and stay within the read quota. Every failure about an operation carries its id;
 * {@link #await(String)} resumes from an id and {@link #cancelOperation(String)} asks the server to
 * stop. Cancelling a future this client returned stops only the local wait.
 *
 * <p>A request without a model URI gets {@code art://<folder>/yandex-art/latest} for the folder of
 * the {@link ClientConfig} ({@link Builder#folderId}); a client without a folder leaves that to
 * the generator.
 *
 * <p>Misuse: a null or blank operation id throws {@link IllegalArgumentException}; any call on a
 * closed client throws (or its future fails with) {@link IllegalStateException}.
 *
 * <p>Thread-safe. {@link #close()} closes the generator too.
 */
public final class YandexArtClient implements AutoCloseable {
  /**
   * The options of a call a blocking method waits for: completed where the answer was read, since
   * its only continuation wakes the caller (a thread hand-off less per call).
   */
  private static final CallOptions BLOCKING = CallOptions.defaults().withExecutor(Runnable::run);
  private final ImageGenerator generator;
  private final WaitEngine engine;
  private final Observers observers;
  private final AutoCloseable ownedScheduler;
  private final String folderId;
  private final Scheduler scheduler;

  private YandexArtClient(Builder b) {
    this.generator = Objects.requireNonNull(b.generator, "generator");
    this.folderId = b.folderId;
    Scheduler scheduler = b.scheduler;
    if (scheduler == null) {
      SystemScheduler system = new SystemScheduler();
      scheduler = system;
      this.ownedScheduler = system;
    } else {
      this.ownedScheduler = null;
    }
    this.scheduler = scheduler;
    this.observers = new Observers(b.observers, Observers.transportName(generator), this.scheduler::nanoTime);
    this.engine = new WaitEngine(generator, b.waitPolicy, scheduler, b.random, b.submitLimiter, b.readLimiter,
        observers);
  }

  /**
   * A client over the transport discovery picks for {@code config} (see {@link ImageGenerators}),
   * with its wait policy and folder.
   */
  public static YandexArtClient create(ClientConfig config) {
    Builder b = builder().generator(ImageGenerators.create(config)).waitPolicy(config.waitPolicy());
    config.folderId().ifPresent(b::folderId);
    return b.build();
  }

  /** A client over {@code generator}, such as a fake in tests, with the default wait policy. */
  public static YandexArtClient create(ImageGenerator generator) {
    return builder().generator(generator).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SDK's version, such as {@code 0.1.0}; {@code unknown} when the jar does not say. */
  public static String version() {
    return Version.sdk();
  }

  /** The generator this client calls. */
  public ImageGenerator generator() {
    return generator;
  }

  public WaitPolicy waitPolicy() {
    return engine.policy();
  }

  /** Submits, waits, and returns the image; blocks. */
  public GeneratedImage generate(ImageGenerationRequest request) {
    return join(generateAsync(request));
  }

  /** Like {@link #generate(ImageGenerationRequest)}, telling {@code listener} about each read; blocks. */
  public GeneratedImage generate(ImageGenerationRequest request, WaitListener listener) {
    return join(generateAsync(request, listener));
  }

  /** Submits and waits without blocking; see {@link #generate}. */
  public CompletableFuture<GeneratedImage> generateAsync(ImageGenerationRequest request) {
    return generateAsync(request, WaitListener.NONE);
  }

  /**
   * Like {@link #generateAsync(ImageGenerationRequest)}, telling {@code listener} about each read.
   * The total budget covers the submit (its retries included) and the wait.
   */
  public CompletableFuture<GeneratedImage> generateAsync(ImageGenerationRequest request, WaitListener listener) {
    return generate(request, listener, null);
  }

  /**
   * Submits, waits, and writes the image to {@code file} atomically (see the class comment); blocks.
   * Returns the streamed image (no bytes held).
   */
  public GeneratedImage generateTo(ImageGenerationRequest request, Path file) {
    return join(generateToAsync(request, file));
  }

  /** Like {@link #generateTo(ImageGenerationRequest, Path)}, telling {@code listener} about each read; blocks. */
  public GeneratedImage generateTo(ImageGenerationRequest request, Path file, WaitListener listener) {
    return join(generateToAsync(request, file, listener));
  }

  /**
   * Submits, waits, and writes the image to {@code out} (flushed, not closed); blocks. A stream
   * cannot be rewound: a read that fails after writing part of the image ends the call with {@link
   * java.io.UncheckedIOException} rather than writing again.
   */
  public GeneratedImage generateTo(ImageGenerationRequest request, OutputStream out) {
    return join(generateToAsync(request, out));
  }

  /**
   * Submits, waits, and streams the image into {@code sink} (see {@link ImageSink}), telling {@code
   * listener} about each read; blocks.
   */
  public GeneratedImage generateTo(ImageGenerationRequest request, ImageSink sink, WaitListener listener) {
    return join(generateToAsync(request, sink, listener));
  }

  /** {@link #generateTo(ImageGenerationRequest, Path)} without blocking. */
  public CompletableFuture<GeneratedImage> generateToAsync(ImageGenerationRequest request, Path file) {
    return generateToAsync(request, file, WaitListener.NONE);
  }

  /** {@link #generateTo(ImageGenerationRequest, Path, WaitListener)} without blocking. */
  public CompletableFuture<GeneratedImage> generateToAsync(ImageGenerationRequest request, Path file,
      WaitListener listener) {
    Objects.requireNonNull(request, "request");
    FileSink sink = new FileSink(Objects.requireNonNull(file, "file"));
    return committed(generate(request, listener, sink), sink);
  }

  /** {@link #generateTo(ImageGenerationRequest, OutputStream)} without blocking. */
  public CompletableFuture<GeneratedImage> generateToAsync(ImageGenerationRequest request, OutputStream out) {
    return generateToAsync(request, new StreamSink(Objects.requireNonNull(out, "out")), WaitListener.NONE);
  }

  /**
   * Submits, waits, and streams the image into {@code sink} (see {@link ImageSink}), telling {@code
   * listener} about each read. The sink is opened by the read that finds the image, again by a later
   * read if that one failed halfway.
   */
  public CompletableFuture<GeneratedImage> generateToAsync(ImageGenerationRequest request, ImageSink sink,
      WaitListener listener) {
    return generate(request, listener, Objects.requireNonNull(sink, "sink"));
  }

  private CompletableFuture<GeneratedImage> generate(ImageGenerationRequest request, WaitListener listener,
      ImageSink sink) {
    ImageGenerationRequest resolved = resolve(request);
    Objects.requireNonNull(listener, "listener");
    CompletableFuture<GeneratedImage> result = new CompletableFuture<>();
    Observers.Op observed = observers.operationStarted(ClientObserver.Kind.GENERATE, Optional.empty());
    result.whenComplete((image, error) -> observed.finish(error));
    long deadline = engine.deadlineFromNow();
    CompletableFuture<Operation> submitted = engine.submit(resolved, deadline, CallOptions.defaults(), observed);
    // Cancelling the result stops submit retries and the wait; a submit already sent still lands,
    // and the engine logs the id of the operation it started.
    result.whenComplete((image, error) -> {
      if (error instanceof CancellationException) {
        submitted.cancel(false);
      }
    });
    submitted.whenComplete((op, error) -> {
      if (error != null) {
        result.completeExceptionally(WaitEngine.unwrap(error));
        return;
      }
      CompletableFuture<Operation> done = new CompletableFuture<>();
      if (!WaitEngine.finish(sink == null ? op : WaitEngine.deliver(op, sink, done), done)) {
        done = engine.awaitSubmitted(op, listener, deadline, observed, sink);
      }
      forward(done, result);
    });
    return result;
  }

  /** Starts a generation and returns its first snapshot without waiting; blocks for the submit. */
  public Operation submit(ImageGenerationRequest request) {
    return join(engine.submit(resolve(request), engine.deadlineFromNow(), BLOCKING));
  }

  /**
   * Starts a generation, retrying only where the service provably refused it, within the total
   * budget.
   */
  public CompletableFuture<Operation> submitAsync(ImageGenerationRequest request) {
    return engine.submit(resolve(request), engine.deadlineFromNow());
  }

  /**
   * Like {@link #submitAsync(ImageGenerationRequest)}, every attempt sent with {@code options}: its
   * {@linkplain CallOptions#withClientRequestId client request id}, which a caller can record before
   * the request leaves (repeated attempts reuse it), and its timeout as each attempt's cap.
   */
  public CompletableFuture<Operation> submitAsync(ImageGenerationRequest request, CallOptions options) {
    Objects.requireNonNull(options, "options");
    return engine.submit(resolve(request), engine.deadlineFromNow(), options);
  }

  /** Waits for an operation started earlier, by id, and returns its image; blocks. */
  public GeneratedImage await(String operationId) {
    return join(awaitAsync(operationId));
  }

  /** Like {@link #await(String)}, telling {@code listener} about each read; blocks. */
  public GeneratedImage await(String operationId, WaitListener listener) {
    return join(awaitAsync(operationId, listener));
  }

  /** Waits for an operation started earlier, by id, without blocking. */
  public CompletableFuture<GeneratedImage> awaitAsync(String operationId) {
    return awaitAsync(operationId, WaitListener.NONE);
  }

  /** Like {@link #awaitAsync(String)}, telling {@code listener} about each read. */
  public CompletableFuture<GeneratedImage> awaitAsync(String operationId, WaitListener listener) {
    return await(operationId, listener, null);
  }

  /**
   * Waits for an operation started earlier, by id, and writes its image to {@code file} atomically
   * (see the class comment); blocks. Returns the streamed image (no bytes held).
   */
  public GeneratedImage awaitTo(String operationId, Path file) {
    return join(awaitToAsync(operationId, file));
  }

  /** Like {@link #awaitTo(String, Path)}, telling {@code listener} about each read; blocks. */
  public GeneratedImage awaitTo(String operationId, Path file, WaitListener listener) {
    return join(awaitToAsync(operationId, file, listener));
  }

  /** Waits for an operation by id and writes its image to {@code out} (flushed, not closed); blocks. */
  public GeneratedImage awaitTo(String operationId, OutputStream out) {
    return join(awaitToAsync(operationId, out));
  }

  /**
   * Waits for an operation by id and streams its image into {@code sink} (see {@link ImageSink}),
   * telling {@code listener} about each read; blocks.
   */
  public GeneratedImage awaitTo(String operationId, ImageSink sink, WaitListener listener) {
    return join(awaitToAsync(operationId, sink, listener));
  }

  /** {@link #awaitTo(String, Path)} without blocking. */
  public CompletableFuture<GeneratedImage> awaitToAsync(String operationId, Path file) {
    return awaitToAsync(operationId, file, WaitListener.NONE);
  }

  /** {@link #awaitTo(String, Path, WaitListener)} without blocking. */
  public CompletableFuture<GeneratedImage> awaitToAsync(String operationId, Path file, WaitListener listener) {
    requireId(operationId);
    FileSink sink = new FileSink(Objects.requireNonNull(file, "file"));
    return committed(await(operationId, listener, sink), sink);
  }

  /** {@link #awaitTo(String, OutputStream)} without blocking. */
  public CompletableFuture<GeneratedImage> awaitToAsync(String operationId, OutputStream out) {
    return awaitToAsync(operationId, new StreamSink(Objects.requireNonNull(out, "out")), WaitListener.NONE);
  }

  /** Waits for an operation by id and streams its image into {@code sink}, telling {@code listener} about each read. */
  public CompletableFuture<GeneratedImage> awaitToAsync(String operationId, ImageSink sink, WaitListener listener) {
    return await(operationId, listener, Objects.requireNonNull(sink, "sink"));
  }

  private CompletableFuture<GeneratedImage> await(String operationId, WaitListener listener, ImageSink sink) {
    String id = requireId(operationId);
    Objects.requireNonNull(listener, "listener");
    CompletableFuture<GeneratedImage> result = new CompletableFuture<>();
    Observers.Op observed = observers.operationStarted(ClientObserver.Kind.AWAIT, Optional.of(id));
    result.whenComplete((image, error) -> observed.finish(error));
    forward(engine.await(id, Duration.ZERO, listener, observed, sink), result);
    return result;
  }

  /** {@code written}, once the file sink's temp file is renamed over the target; aborted on failure. */
  private static CompletableFuture<GeneratedImage> committed(CompletableFuture<GeneratedImage> written,
      FileSink sink) {
    CompletableFuture<GeneratedImage> result = new CompletableFuture<>();
    result.whenComplete((image, error) -> {
      if (error instanceof CancellationException) {
        written.cancel(false);
        sink.abort();
      }
    });
    written.whenComplete((image, error) -> {
      if (error != null) {
        sink.abort();
        result.completeExceptionally(WaitEngine.unwrap(error));
        return;
      }
      try {
        sink.commit();
        result.complete(image);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /**
   * Reads an operation once: one call, bounded by one {@link WaitPolicy#callTimeout()}, no retries
   * (one look, whatever it finds; a failed or cancelled operation is returned, not thrown); blocks.
   */
  public Operation getOperation(String operationId) {
    return join(engine.read(requireId(operationId), BLOCKING));
  }

  /** Reads an operation once without blocking; see {@link #getOperation(String)}. */
  public CompletableFuture<Operation> getOperationAsync(String operationId) {
    return engine.read(requireId(operationId), CallOptions.defaults());
  }

  /**
   * Like {@link #getOperation(String)}, streaming the image, if the operation is done, into {@code
   * sink} (see {@link ImageSink}); the returned operation's image is then {@linkplain
   * GeneratedImage#isStreamed() streamed}. Blocks.
   */
  public Operation getOperation(String operationId, ImageSink sink) {
    return join(getOperationAsync(operationId, sink));
  }

  /** {@link #getOperation(String, ImageSink)} without blocking. */
  public CompletableFuture<Operation> getOperationAsync(String operationId, ImageSink sink) {
    String id = requireId(operationId);
    return engine.read(id, CallOptions.defaults().withImageSink(Objects.requireNonNull(sink, "sink")));
  }

  /**
   * Asks the server to cancel the operation and returns what it answered: one call, bounded by one
   * call timeout; blocks.
   */
  public Operation cancelOperation(String operationId) {
    return join(engine.cancel(requireId(operationId), BLOCKING));
  }

  /** Asks the server to cancel the operation, without blocking. */
  public CompletableFuture<Operation> cancelOperationAsync(String operationId) {
    return engine.cancel(requireId(operationId));
  }

  /** How many submits are waiting for the submit budget (500 a minute by default) right now. */
  public int queuedSubmits() {
    return engine.queuedSubmits();
  }

  /** How many operation reads are waiting for the poll budget right now. */
  public int queuedReads() {
    return engine.queuedReads();
  }

  /**
   * Fails the futures still pending with an {@link IllegalStateException} that names their
   * operation (which keeps running on the service), closes the generator and stops the scheduler.
   */
  @Override
  public void close() {
    engine.close();
    try {
      generator.close();
    } finally {
      if (ownedScheduler != null) {
        try {
          ownedScheduler.close();
        } catch (Exception e) {
          throw new IllegalStateException("could not stop the scheduler", e);
        }
      }
    }
  }

  private static void forward(CompletableFuture<Operation> done, CompletableFuture<GeneratedImage> result) {
    result.whenComplete((image, error) -> {
      if (error instanceof CancellationException) {
        done.cancel(false);
      }
    });
    done.whenComplete((op, error) -> {
      if (error != null) {
        result.completeExceptionally(WaitEngine.unwrap(error));
      } else {
        result.complete(op.image().orElseThrow());
      }
    });
  }

  private static String requireId(String operationId) {
    if (operationId == null || operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is " + (operationId == null ? "null" : "blank")
          + ": pass the id that submit returned");
    }
    return operationId.trim();
  }

  private ImageGenerationRequest resolve(ImageGenerationRequest request) {
    Objects.requireNonNull(request, "request");
    return folderId == null ? request : request.withResolvedModelUri(Optional.of(folderId));
  }

  private <T> T join(CompletableFuture<T> future) {
    try {
      return scheduler.block(future);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException(
          "interrupted while waiting; an operation already submitted keeps running: resume it by id");
      c.initCause(e);
      throw c;
    } catch (ExecutionException e) {
      Throwable cause = WaitEngine.unwrap(e);
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Builds a {@link YandexArtClient}; not thread-safe. */
  public static final class Builder {
    private ImageGenerator generator;
    private WaitPolicy waitPolicy = WaitPolicy.defaults();
    private Scheduler scheduler;
    private DoubleSupplier random = WaitEngine.defaultRandom();
    private String folderId;
    private RateLimiter submitLimiter;
    private RateLimiter readLimiter;
    private final List<ClientObserver> observers = new ArrayList<>();

    private Builder() {}

    /**
     * The quota submits wait for, instead of the in-memory {@link WaitPolicy#maxSubmitsPerMinute()}:
     * one that several processes share (a fleet of batch workers on one folder).
     */
    public Builder submitLimiter(RateLimiter limiter) {
      this.submitLimiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /** The quota operation reads wait for, instead of the in-memory {@link WaitPolicy#maxReadsPerSecond()}. */
    public Builder readLimiter(RateLimiter limiter) {
      this.readLimiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /**
     * The folder whose {@code yandex-art/latest} model a request without a model URI uses; {@link
     * YandexArtClient#create(ClientConfig)} sets it from {@link ClientConfig#folderId()}. Without it
     * such a request goes to the generator as is, which fills in the folder it is configured with.
     */
    public Builder folderId(String folderId) {
      ModelUri.of(Objects.requireNonNull(folderId, "folderId")); // validates it
      this.folderId = folderId;
      return this;
    }

    /** The generator to call; the client closes it on {@link YandexArtClient#close()}. */
    public Builder generator(ImageGenerator generator) {
      this.generator = Objects.requireNonNull(generator, "generator");
      return this;
    }

    public Builder waitPolicy(WaitPolicy waitPolicy) {
      this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
      return this;
    }

    /** Time and timers for waiting; a virtual scheduler in tests. Default: one daemon thread. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The source of jitter: uniform doubles in [0, 1). For reproducible tests. */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Adds an observer of the client's calls and operations (see {@link ClientObserver}); every
     * observer added hears every event, in the order they were added.
     */
    public Builder addObserver(ClientObserver observer) {
      this.observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    public YandexArtClient build() {
      return new YandexArtClient(this);
    }
  }
}
