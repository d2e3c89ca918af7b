package io.github.yandexart;

import io.github.yandexart.internal.Observers;
import io.github.yandexart.internal.SystemScheduler;
import io.github.yandexart.internal.WaitEngine;
import io.github.yandexart.spi.Scheduler;
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
 *   GeneratedImage image = client.generate(ImageGenerationRequest.of(ModelUri.of(folder), "a red cat"));
 *   image.writeTo(Path.of("cat.jpeg"));
 * }
 * }</pre>
 *
 * <p>Waiting follows the {@link WaitPolicy}. All waits of one client share one scheduler thread and
 * one poll budget, so thousands of operations in flight use a few threads and stay within the read
 * quota. Every failure about an operation carries its id; {@link #await(String)} resumes from an id
 * and {@link #cancel(String)} asks the server to stop. Cancelling a future this client returned stops
 * only the local wait.
 *
 * <p>Thread-safe. {@link #close()} closes the generator too.
 */
public final class YandexArtClient implements AutoCloseable {
  private final ImageGenerator generator;
  private final WaitEngine engine;
  private final Observers observers;
  private final AutoCloseable ownedScheduler;

  private YandexArtClient(Builder b) {
    this.generator = Objects.requireNonNull(b.generator, "generator");
    Scheduler scheduler = b.scheduler;
    if (scheduler == null) {
      SystemScheduler system = new SystemScheduler();
      scheduler = system;
      this.ownedScheduler = system;
    } else {
      this.ownedScheduler = null;
    }
    Scheduler clock = scheduler;
    this.observers = new Observers(b.observers, Observers.transportName(generator), clock::nanoTime);
    this.engine = new WaitEngine(generator, b.waitPolicy, scheduler, b.random, observers);
  }

  /** A client over the transport discovery picks for {@code config} (see {@link ImageGenerators}). */
  public static YandexArtClient create(ClientConfig config) {
    return builder().generator(ImageGenerators.create(config)).waitPolicy(config.waitPolicy()).build();
  }

  /** A client over {@code generator}, such as a fake in tests, with the default wait policy. */
  public static YandexArtClient create(ImageGenerator generator) {
    return builder().generator(generator).build();
  }

  public static Builder builder() {
    return new Builder();
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

  /** Submits and waits without blocking; see {@link #generate}. */
  public CompletableFuture<GeneratedImage> generateAsync(ImageGenerationRequest request) {
    return generateAsync(request, WaitListener.NONE);
  }

  /** Like {@link #generateAsync(ImageGenerationRequest)}, telling {@code listener} about each read. */
  public CompletableFuture<GeneratedImage> generateAsync(ImageGenerationRequest request, WaitListener listener) {
    Objects.requireNonNull(request, "request");
    CompletableFuture<GeneratedImage> result = new CompletableFuture<>();
    Observers.Op observed = observers.operationStarted(ClientObserver.Kind.GENERATE, Optional.empty());
    result.whenComplete((image, error) -> observed.finish(error));
    CompletableFuture<Operation> submitted = engine.submit(request, observed);
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
      if (!WaitEngine.finish(op, done)) {
        done = engine.awaitSubmitted(op, listener, observed);
      }
      forward(done, result);
    });
    return result;
  }

  /** Starts a generation and returns its first snapshot without waiting; blocks for the one call. */
  public Operation submit(ImageGenerationRequest request) {
    return join(submitAsync(request));
  }

  /** Starts a generation (retrying only where the service provably refused it). */
  public CompletableFuture<Operation> submitAsync(ImageGenerationRequest request) {
    return engine.submit(Objects.requireNonNull(request, "request"));
  }

  /** Waits for an operation started earlier, by id, and returns its image; blocks. */
  public GeneratedImage await(String operationId) {
    return join(awaitAsync(operationId));
  }

  /** Waits for an operation started earlier, by id, without blocking. */
  public CompletableFuture<GeneratedImage> awaitAsync(String operationId) {
    return awaitAsync(operationId, WaitListener.NONE);
  }

  /** Like {@link #awaitAsync(String)}, telling {@code listener} about each read. */
  public CompletableFuture<GeneratedImage> awaitAsync(String operationId, WaitListener listener) {
    String id = requireId(operationId);
    CompletableFuture<GeneratedImage> result = new CompletableFuture<>();
    Observers.Op observed = observers.operationStarted(ClientObserver.Kind.AWAIT, Optional.of(id));
    result.whenComplete((image, error) -> observed.finish(error));
    forward(engine.await(id, Duration.ZERO, listener, observed), result);
    return result;
  }

  /** Reads an operation once (with read retries); blocks. */
  public Operation getOperation(String operationId) {
    return join(engine.read(requireId(operationId)));
  }

  /** Asks the server to cancel the operation and returns what it answered; blocks. */
  public Operation cancel(String operationId) {
    return join(cancelAsync(operationId));
  }

  /** Asks the server to cancel the operation. */
  public CompletableFuture<Operation> cancelAsync(String operationId) {
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
    Objects.requireNonNull(operationId, "operationId");
    if (operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is blank");
    }
    return operationId.trim();
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
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
    private final List<ClientObserver> observers = new ArrayList<>();

    private Builder() {}

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
     * Adds an observer of every call and operation of the client (see {@link ClientObserver}); each
     * added observer hears every event, in the order they were added.
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
