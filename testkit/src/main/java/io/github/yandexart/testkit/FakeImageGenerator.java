package io.github.yandexart.testkit;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.internal.NeverRejecting;
import io.github.yandexart.spi.ImageSinkWriter;
import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An {@link ImageGenerator} over an {@link InMemoryOperationStore}: the seam to swap in for tests.
 * Answers at once, on the calling thread: every future it returns is already complete, so every
 * {@link CallOptions#timeout() call timeout} is met, unless a test slows answers down with {@link
 * #delayNextAnswers}, which honours the call timeout on the fake's scheduler (virtual time) and
 * completes a delayed answer on the call's {@link CallOptions#executor() executor}, if it names one.
 * As the SPI says, the futures fail with {@link
 * ApiCallException}: the store's errors (origin {@code SERVER}), and {@code INTERNAL} if a scripted
 * predicate or the renderer throws; after {@link #close()} they fail with {@link
 * IllegalStateException}. A null or blank operation id throws {@link IllegalArgumentException}. A
 * request without a model URI is recorded as it came (the fake has no folder of its own).
 *
 * <pre>{@code
 * VirtualScheduler time = new VirtualScheduler();
 * FakeImageGenerator fake = FakeImageGenerator.over(
 *     InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
 * fake.store().enqueueOutcome(Outcome.succeedAfterReads(1));
 * try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time).build()) {
 *   GeneratedImage image = time.advanceUntilDone(client.generateAsync(request), Duration.ofMinutes(1));
 * }
 * FakeAssertions.assertThat(fake).submittedOnce();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeImageGenerator implements ImageGenerator {
  /** The model version the fake reports. */
  public static final String MODEL_VERSION = "fake-yandex-art";

  /** The call timeout of {@link CallOptions#defaults()}: the default wait policy's. */
  private static final Duration DEFAULT_CALL_TIMEOUT = WaitPolicy.defaults().callTimeout();

  private final InMemoryOperationStore store;
  private final Scheduler scheduler;
  private volatile boolean closed;
  private int slowAnswers;
  private Duration answerDelay;

  private FakeImageGenerator(InMemoryOperationStore store, Scheduler scheduler) {
    this.store = store;
    this.scheduler = scheduler;
  }

  /**
   * A fake over a fresh store with small images on the system clock. For virtual time, build the
   * store with {@link VirtualScheduler#clock()} and use {@link #over}, or let {@link
   * FakeImageGeneratorExtension} wire it.
   */
  public static FakeImageGenerator create() {
    return new FakeImageGenerator(InMemoryOperationStore.builder().smallImages(true).build(), null);
  }

  /**
   * A fake over a fresh store with small images on {@code time}'s clock: pass the same scheduler to
   * the client ({@code YandexArtClient.builder().scheduler(time)}, or Guice's {@code
   * YandexArtTestingModule.withScheduler(time)}) so that the fake's timed outcomes and the client's
   * waits share one virtual time.
   */
  public static FakeImageGenerator create(VirtualScheduler time) {
    Objects.requireNonNull(time, "time");
    return new FakeImageGenerator(
        InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build(), time);
  }

  /** A fake over {@code store}. */
  public static FakeImageGenerator over(InMemoryOperationStore store) {
    return new FakeImageGenerator(Objects.requireNonNull(store, "store"), null);
  }

  /**
   * A fake over {@code store} whose slow answers ({@link #delayNextAnswers}) and call timeouts run
   * on {@code scheduler}: give it the client's (virtual) scheduler.
   */
  public static FakeImageGenerator over(InMemoryOperationStore store, Scheduler scheduler) {
    return new FakeImageGenerator(Objects.requireNonNull(store, "store"), Objects.requireNonNull(scheduler, "scheduler"));
  }

  /**
   * The next {@code count} calls reach the store at once (a submit creates its operation) but their
   * answers arrive {@code delay} later on the scheduler's time, as over a slow network. An answer
   * later than the call's {@link CallOptions#timeout() timeout} (default: the default wait policy's
   * 30 s) never arrives: the call fails with {@code DEADLINE_EXCEEDED}, origin {@code TRANSPORT}
   * (sent, outcome unknown), when the timeout runs out, as a transport's does.
   *
   * @throws IllegalStateException when this fake was made without a scheduler ({@link #create()},
   *     {@link #over(InMemoryOperationStore)})
   */
  public synchronized void delayNextAnswers(int count, Duration delay) {
    if (scheduler == null) {
      throw new IllegalStateException("this fake has no scheduler to delay answers on: make it with"
          + " FakeImageGenerator.create(time) or over(store, scheduler)");
    }
    if (count < 0 || delay.isNegative()) {
      throw new IllegalArgumentException("count " + count + " and delay " + delay + " must not be negative");
    }
    this.slowAnswers = count;
    this.answerDelay = delay;
  }

  /** The store behind this fake: script outcomes and faults, and read the recorded calls. */
  public InMemoryOperationStore store() {
    return store;
  }

  /** Shorthand for {@code store().submittedRequests()}. */
  public List<ImageGenerationRequest> submittedRequests() {
    return store.submittedRequests();
  }

  /** Shorthand for {@code store().calls()}. */
  public List<RecordedCall> calls() {
    return store.calls();
  }

  /** Whether {@link #close()} was called; calls after it fail. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    return call(store::submit, request, options);
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
    Objects.requireNonNull(options, "options");
    // Streams like a transport that decodes as the reply arrives: the image goes into the sink (once
    // per call) and the operation carries a streamed image.
    CompletableFuture<Operation> call = call(store::get, requireId(operationId), options);
    return options.imageSink().isEmpty() ? call : call.thenApply(op -> ImageSinkWriter.deliver(op, options));
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
    Objects.requireNonNull(options, "options");
    return call(store::cancel, requireId(operationId), options);
  }

  private static String requireId(String operationId) {
    if (operationId == null || operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is " + (operationId == null ? "null" : "blank")
          + ": pass the id that submit returned");
    }
    return operationId;
  }

  @Override
  public void close() {
    closed = true;
  }

  private <T> CompletableFuture<Operation> call(Function<T, Operation> method, T argument, CallOptions options) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this FakeImageGenerator is closed; nothing was sent"));
    }
    CompletableFuture<Operation> answer = answer(method, argument);
    Duration delay = takeDelay();
    return delay == null ? answer
        : late(answer, delay, options.timeoutOr(DEFAULT_CALL_TIMEOUT),
            options.executor().map(NeverRejecting::of).orElse(Runnable::run));
  }

  private synchronized Duration takeDelay() {
    if (slowAnswers == 0) {
      return null;
    }
    slowAnswers--;
    return answerDelay;
  }

  /**
   * {@code answer}, arriving {@code delay} later, or DEADLINE_EXCEEDED at {@code timeout} if sooner;
   * completed on {@code executor} (the call's {@link CallOptions#executor()}, else the scheduler's thread).
   */
  private CompletableFuture<Operation> late(CompletableFuture<Operation> answer, Duration delay, Duration timeout,
      Executor executor) {
    CompletableFuture<Operation> call = new CompletableFuture<>();
    Scheduler.Cancellable arrival = delay.compareTo(timeout) < 0
        ? scheduler.schedule(() -> executor.execute(() -> answer.whenComplete((op, e) -> {
            if (e == null) {
              call.complete(op);
            } else {
              call.completeExceptionally(e);
            }
          })), delay)
        : scheduler.schedule(() -> executor.execute(() -> call.completeExceptionally(
            ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, ApiCallException.Origin.TRANSPORT)
                .message("the fake's answer was delayed past the call timeout of " + timeout
                    + "; the call reached the service")
                .build())), timeout);
    call.whenComplete((op, e) -> {
      if (call.isCancelled()) {
        arrival.cancel();
      }
    });
    return call;
  }

  private <T> CompletableFuture<Operation> answer(Function<T, Operation> method, T argument) {
    try {
      return CompletableFuture.completedFuture(method.apply(argument));
    } catch (ApiCallException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      // The SPI promises ApiCallException only; a bug in a scripted predicate or the renderer is the
      // fake service failing, as a server answering INTERNAL would.
      return CompletableFuture.failedFuture(
          ApiCallException.builder(StatusCode.INTERNAL, ApiCallException.Origin.SERVER)
              .message("the fake service failed: " + e)
              .cause(e)
              .build());
    }
  }
}
