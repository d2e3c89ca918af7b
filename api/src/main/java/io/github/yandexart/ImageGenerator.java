package io.github.yandexart;

import java.util.concurrent.CompletableFuture;

/**
 * One transport's view of the service: the three calls, nothing else. Application code usually holds
 * a {@link YandexArtClient}, which adds waiting and retries on top; tests swap in {@code
 * io.github.yandexart.testkit.FakeImageGenerator}.
 *
 * <pre>{@code
 * try (ImageGenerator generator = ImageGenerators.create(ClientConfig.fromEnvironment())) {
 *   Operation started = generator.submit(request).join();
 *   Operation now = generator.getOperation(started.id(), CallOptions.timeout(Duration.ofSeconds(5))).join();
 * }
 * }</pre>
 *
 * <p>The contract every implementation keeps (and {@code io.github.yandexart.testkit.ImageGeneratorContract}
 * checks):
 *
 * <ul>
 *   <li>Thread-safe; never blocks the calling thread.
 *   <li>One call is one request, with no retries, bounded by {@link CallOptions#timeout()} (or the
 *       configured {@code ClientConfig.waitPolicy().callTimeout()} when it is empty) as its only
 *       deadline; a call that misses it fails with {@code DEADLINE_EXCEEDED} and the origin the
 *       transport knows ({@code CONNECT}: nothing was sent, {@code TRANSPORT}: it may have been).
 *   <li>A returned future completes with the operation as the server reported it, or exceptionally
 *       with an {@link ApiCallException}; cancelling it abandons the call. It completes on {@link
 *       CallOptions#executor()} when the options name one (where the answer was read, should that
 *       executor refuse it), else never on a thread that does the transport's I/O.
 *   <li>Argument errors are thrown at once: a null or blank operation id throws {@link
 *       IllegalArgumentException}, a null request or options {@link NullPointerException}.
 *   <li>After {@link #close()}, every call returns a future failed with {@link IllegalStateException}
 *       ("... is closed"); nothing is sent. {@code close()} is idempotent.
 *   <li>A request without a model URI is sent for {@code art://<configured folder>/yandex-art/latest};
 *       without a configured folder either, the call fails with {@link IllegalArgumentException}.
 * </ul>
 */
public interface ImageGenerator extends AutoCloseable {
  /** Starts a generation. Not idempotent: every successful call starts (and bills) one generation. */
  CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options);

  /** Reads an operation; {@code NOT_FOUND} for an unknown id. */
  CompletableFuture<Operation> getOperation(String operationId, CallOptions options);

  /** Asks the server to cancel an operation; a cancelled operation ends with code {@code CANCELLED}. */
  CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options);

  /** {@link #submit(ImageGenerationRequest, CallOptions)} with {@link CallOptions#defaults()}. */
  default CompletableFuture<Operation> submit(ImageGenerationRequest request) {
    return submit(request, CallOptions.defaults());
  }

  /** {@link #getOperation(String, CallOptions)} with {@link CallOptions#defaults()}. */
  default CompletableFuture<Operation> getOperation(String operationId) {
    return getOperation(operationId, CallOptions.defaults());
  }

  /** {@link #cancelOperation(String, CallOptions)} with {@link CallOptions#defaults()}. */
  default CompletableFuture<Operation> cancelOperation(String operationId) {
    return cancelOperation(operationId, CallOptions.defaults());
  }

  /** Releases connections and threads; idempotent. Calls after close fail with {@link IllegalStateException}. */
  @Override
  void close();
}
