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
 *   Operation now = generator.getOperation(started.id()).join();
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe and never block the calling thread. Each returned future
 * completes with the operation as the server reported it, or exceptionally with an {@link
 * ApiCallException}; one call is one request, with no retries.
 */
public interface ImageGenerator extends AutoCloseable {
  /** Starts a generation. Not idempotent: every successful call starts (and bills) one generation. */
  CompletableFuture<Operation> submit(ImageGenerationRequest request);

  /** Reads an operation; {@code NOT_FOUND} for an unknown id. */
  CompletableFuture<Operation> getOperation(String operationId);

  /** Asks the server to cancel an operation; a cancelled operation ends with code {@code CANCELLED}. */
  CompletableFuture<Operation> cancelOperation(String operationId);

  /** Releases connections and threads; calls after close fail. */
  @Override
  void close();
}
