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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** In real time, with the default scheduler: thousands of waits on one client use a few threads. */
class ConcurrentWaitsTest {
  static final int WAITS = 10_000;
  static final int MAX_ENGINE_THREADS = 2;

  /** Fast enough for a unit test: millisecond delays and a poll budget that is no brake. */
  static final WaitPolicy FAST = WaitPolicy.builder()
      .initialDelay(Duration.ofMillis(1))
      .maxDelay(Duration.ofMillis(5))
      .maxReadsPerSecond(100_000)
      .maxSubmitsPerMinute(Integer.MAX_VALUE)
      .build();

  static Set<Thread> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yandexart-"))
        .collect(Collectors.toSet());
  }

  /** SDK threads alive now that were not alive before: by identity, as other tests' threads may be dying. */
  static Set<Thread> newSdkThreads(Set<Thread> before) {
    Set<Thread> now = sdkThreads();
    now.removeAll(before);
    return now;
  }

  @Test
  void tenThousandConcurrentWaitsOnOneClientCompleteOnAtMostFourEngineThreads() throws Exception {
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
    ImageGenerationRequest request = request("a red cat");
    // One small image rendered up front, before threads are counted (Java2D may start one of its
    // own): rendering 10,000 JPEGs would time the renderer, not the engine.
    store.setDefaultOutcome(Outcome.succeedAfterReads(2).withImage(ImageRenderer.small().render(request)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Set<Thread> sdkThreadsBefore = sdkThreads();
    long startedBefore = threads.getTotalStartedThreadCount();
    FakeImageGenerator fake = FakeImageGenerator.over(store);
    List<CompletableFuture<GeneratedImage>> images = new ArrayList<>(WAITS);
    Set<Thread> engineThreads = new HashSet<>();
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).waitPolicy(FAST).build()) {
      for (int i = 0; i < WAITS; i++) {
        images.add(client.generateAsync(request));
      }
      engineThreads.addAll(newSdkThreads(sdkThreadsBefore));

      CompletableFuture.allOf(images.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      engineThreads.addAll(newSdkThreads(sdkThreadsBefore));
    }

    long started = threads.getTotalStartedThreadCount() - startedBefore;
    assertThat(started).as("threads started by anyone during the waits").isLessThanOrEqualTo(MAX_ENGINE_THREADS);
    assertThat(engineThreads).as("yandexart-* threads seen while waiting").isNotEmpty().hasSizeLessThanOrEqualTo(MAX_ENGINE_THREADS);
    assertThat(images).allSatisfy(f -> assertThat(f.getNow(null).mimeType()).isEqualTo("image/jpeg"));
    assertThat(store.operationIds()).hasSize(WAITS);
    assertThat(fake.isClosed()).as("closing the client closes the generator").isTrue();
  }
}
