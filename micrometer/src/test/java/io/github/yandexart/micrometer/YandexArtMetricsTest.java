package io.github.yandexart.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import io.github.yandexart.testkit.VirtualScheduler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class YandexArtMetricsTest {
  private final VirtualScheduler time = VirtualScheduler.withRealTimeGrace(Duration.ZERO);
  private final InMemoryOperationStore store =
      InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final YandexArtClient client = YandexArtClient.builder()
      .generator(FakeImageGenerator.over(store))
      .waitPolicy(WaitPolicy.builder().jitter(0).maxSubmitsPerMinute(1).build())
      .scheduler(time)
      .addObserver(new YandexArtMetrics(registry))
      .build();

  private static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.of(ModelUri.of("b1gtest"), prompt);
  }

  private GeneratedImage generate(String prompt) {
    return time.advanceUntilDone(client.generateAsync(request(prompt)), Duration.ofMinutes(5));
  }

  @Test
  void aGenerationIsTimedWithItsCallsAndPolls() {
    store.setDefaultOutcome(Outcome.succeedAfterReads(2));
    generate("a red cat");

    Timer generation = registry.get(YandexArtMetrics.GENERATIONS)
        .tags("transport", "fake", "kind", "generate", "outcome", "succeeded").timer();
    assertThat(generation.count()).isEqualTo(1);
    assertThat(generation.totalTime(TimeUnit.MILLISECONDS)).as("1 s, then 1.5 s of virtual time").isEqualTo(2_500);
    assertThat(registry.get(YandexArtMetrics.CALLS)
        .tags("transport", "fake", "method", "submit", "status", "OK", "outcome", "success").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(YandexArtMetrics.CALLS)
        .tags("transport", "fake", "method", "get", "status", "OK", "outcome", "success").timer().count())
        .isEqualTo(2);
    assertThat(registry.get(YandexArtMetrics.POLLS).tags("transport", "fake").counter().count()).isEqualTo(2);
    assertThat(registry.get(YandexArtMetrics.ACTIVE).tags("transport", "fake").gauge().value()).isZero();
  }

  @Test
  void theGaugeCountsGenerationsInFlight() {
    store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofSeconds(30)));
    CompletableFuture<GeneratedImage> first = client.generateAsync(request("one"));
    time.advance(Duration.ofSeconds(1));
    assertThat(registry.get(YandexArtMetrics.ACTIVE).gauge().value()).isEqualTo(1);
    time.advanceUntilDone(first, Duration.ofMinutes(1));
    assertThat(registry.get(YandexArtMetrics.ACTIVE).gauge().value()).isZero();
  }

  @Test
  void outcomesAndFailedCallsAreTaggedByOutcomeAndStatus() {
    store.setDefaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "bad")));
    time.advanceUntil(client.generateAsync(request("fails"))::isDone, Duration.ofMinutes(5));
    time.advanceUntil(client.awaitAsync("missing")::isDone, Duration.ofMinutes(5));

    assertThat(registry.get(YandexArtMetrics.GENERATIONS).tags("outcome", "failed", "kind", "generate")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get(YandexArtMetrics.GENERATIONS).tags("outcome", "call_failed", "kind", "await")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get(YandexArtMetrics.CALLS).tags("method", "get", "status", "NOT_FOUND", "outcome", "error")
        .timer().count()).as("three NOT_FOUND reads are taken for replication lag, the fourth ends it")
        .isEqualTo(4);
  }

  @Test
  void retriedCallsAreCountedAndEachAttemptIsTimedWithItsStatus() {
    store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(1));
    store.faults().failNextReads(2);
    generate("a red cat");

    assertThat(registry.get(YandexArtMetrics.CALLS).tags("method", "submit", "status", "RESOURCE_EXHAUSTED")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get(YandexArtMetrics.CALLS).tags("method", "get", "status", "UNAVAILABLE", "outcome", "error")
        .timer().count()).isEqualTo(2);
    assertThat(registry.get(YandexArtMetrics.CALL_RETRIES).tags("method", "submit").counter().count()).isEqualTo(1);
    assertThat(registry.get(YandexArtMetrics.CALL_RETRIES).tags("method", "get").counter().count()).isEqualTo(2);
    assertThat(registry.get(YandexArtMetrics.GENERATIONS).tags("outcome", "succeeded").timer().count()).isEqualTo(1);
  }

  @Test
  void timeQueuedOnTheSubmitBudgetIsTimed() {
    store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> first = client.generateAsync(request("one"));
    CompletableFuture<GeneratedImage> second = client.generateAsync(request("two"));
    time.advanceUntil(() -> first.isDone() && second.isDone(), Duration.ofMinutes(5));

    Timer queued = registry.get(YandexArtMetrics.BUDGET_QUEUED).tags("budget", "submit").timer();
    assertThat(queued.count()).isEqualTo(2);
    assertThat(queued.max(TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(registry.get(YandexArtMetrics.BUDGET_QUEUED).tags("budget", "read").timer().count()).isEqualTo(2);
  }

  @Test
  void noTagHoldsAnOperationIdOrAPrompt() {
    store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    generate("CANARY prompt");
    String id = store.calls().stream().filter(c -> c.kind() == RecordedCall.Kind.GET).findFirst()
        .flatMap(RecordedCall::operationId).orElseThrow();
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue()).doesNotContain("CANARY").doesNotContain(id);
      }
    }
    assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).allMatch(n -> n.startsWith("yandexart."));
  }
}
