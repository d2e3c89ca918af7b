package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.ImageRenderer;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** In real time, with the default scheduler: thousands of waits on one client use a few threads. */
class ConcurrentWaitsTest {
  static final int WAITS = 10_000;
  static final int MAX_ENGINE_THREADS = 4;

  /** Fast enough for a unit test: millisecond delays and a poll budget that is no brake. */
  static final WaitPolicy FAST = WaitPolicy.builder()
      .initialDelay(Duration.ofMillis(1))
      .maxDelay(Duration.ofMillis(5))
      .maxReadsPerSecond(100_000)
      .build();

  static long liveSdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yandexart-"))
        .count();
  }

  @Test
  void tenThousandConcurrentWaitsOnOneClientCompleteOnAtMostFourEngineThreads() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sdkThreadsBefore = liveSdkThreads();
    long startedBefore = threads.getTotalStartedThreadCount();

    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
    ImageGenerationRequest request = request("a red cat");
    // One small image rendered up front: rendering 10,000 JPEGs would time the renderer, not the engine.
    store.setDefaultOutcome(Outcome.succeedAfterReads(2).withImage(ImageRenderer.small().render(request)));
    FakeImageGenerator fake = FakeImageGenerator.over(store);
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>(WAITS);
    long mostSdkThreads;
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).waitPolicy(FAST).build()) {
      for (int i = 0; i < WAITS; i++) {
        images.add(client.generateAsync(request));
      }
      mostSdkThreads = liveSdkThreads() - sdkThreadsBefore;

      CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      mostSdkThreads = Math.max(mostSdkThreads, liveSdkThreads() - sdkThreadsBefore);
    }

    long started = threads.getTotalStartedThreadCount() - startedBefore;
    assertThat(started).as("threads started by anyone during the waits").isLessThanOrEqualTo(MAX_ENGINE_THREADS);
    assertThat(mostSdkThreads).as("yandexart-* threads alive while waiting").isBetween(1L, (long) MAX_ENGINE_THREADS);
    assertThat(images).allSatisfy(f -> assertThat(f.getNow(null).mimeType()).isEqualTo("image/jpeg"));
    assertThat(store.operationIds()).hasSize(WAITS);
    assertThat(fake.isClosed()).as("closing the client closes the generator").isTrue();
  }
}
