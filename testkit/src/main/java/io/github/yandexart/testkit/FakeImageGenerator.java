package io.github.yandexart.testkit;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An {@link ImageGenerator} over an {@link InMemoryOperationStore}: the seam to swap in for tests.
 * Answers at once, on the calling thread: every future it returns is already complete, so every
 * {@link CallOptions#timeout() call timeout} is met. As the SPI says, the futures fail with {@link
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

  private final InMemoryOperationStore store;
  private volatile boolean closed;

  private FakeImageGenerator(InMemoryOperationStore store) {
    this.store = store;
  }

  /**
   * A fake over a fresh store with small images on the system clock. For virtual time, build the
   * store with {@link VirtualScheduler#clock()} and use {@link #over}, or let {@link
   * FakeImageGeneratorExtension} wire it.
   */
  public static FakeImageGenerator create() {
    return new FakeImageGenerator(InMemoryOperationStore.builder().smallImages(true).build());
  }

  /** A fake over {@code store}. */
  public static FakeImageGenerator over(InMemoryOperationStore store) {
    return new FakeImageGenerator(Objects.requireNonNull(store, "store"));
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
    return call(store::submit, request);
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
    Objects.requireNonNull(options, "options");
    return call(store::get, requireId(operationId));
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
    Objects.requireNonNull(options, "options");
    return call(store::cancel, requireId(operationId));
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

  private <T> CompletableFuture<Operation> call(Function<T, Operation> method, T argument) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this FakeImageGenerator is closed; nothing was sent"));
    }
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
