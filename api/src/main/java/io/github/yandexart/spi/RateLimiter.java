package io.github.yandexart.spi;

import java.util.concurrent.CompletableFuture;

/**
 * A quota that calls must fit in, such as the service's 500 submits a minute for a folder. By default
 * each {@code YandexArtClient} keeps its quotas in its own memory; a limiter kept elsewhere (a
 * database row that every worker of a fleet shares) replaces them through {@code
 * YandexArtClient.builder().submitLimiter(...)} and {@code .readLimiter(...)}.
 *
 * <pre>{@code
 * RateLimiter shared = ...; // e.g. yandexart-batch's PostgreSQL token bucket
 * YandexArtClient client = YandexArtClient.builder().generator(generator).submitLimiter(shared).build();
 * }</pre>
 *
 * <p>Implementations are thread-safe and never block the calling thread.
 */
public interface RateLimiter {
  /**
   * Completes when one call may start, using up one permit; completes exceptionally when the quota
   * cannot be read (the call then fails without being sent). Permits are granted in no promised
   * order. Cancelling the returned future gives up the request.
   */
  CompletableFuture<Void> acquire();
}
