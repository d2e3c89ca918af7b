package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;

/** Blocking code under test just works with the extension's default time; manual time stays available. */
class FakeImageGeneratorExtensionTimeTest {
  /** What application code looks like: it calls the blocking client and knows nothing of virtual time. */
  static final class PosterService {
    private final YandexArtClient client;

    PosterService(YandexArtClient client) {
      this.client = client;
    }

    GeneratedImage drawPoster(String prompt) {
      return client.generate(ImageGenerationRequest.of(prompt));
    }
  }

  @Test
  void aServiceCallingTheBlockingClientFinishesInVirtualTime() {
    Map<String, TestExecutionResult> results = NestedRun.run(AutoTime.class);

    assertThat(results.values()).extracting(TestExecutionResult::getStatus)
        .containsOnly(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results).containsOnlyKeys("blockingGenerateReturnsTheImage", "aWaitOfAnHourTakesNoRealTime",
        "asyncCallsStillAdvanceOnlyWhenAsked");
  }

  @Test
  void manualTimeMovesOnlyWhenTheTestAdvancesIt() {
    Map<String, TestExecutionResult> results = NestedRun.run(ManualTime.class);

    assertThat(results.values()).extracting(TestExecutionResult::getStatus)
        .containsOnly(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results).containsOnlyKeys("theTestStepsTime");
  }

  @ExtendWith({NestedRun.Only.class, FakeImageGeneratorExtension.class})
  static class AutoTime {
    @Test
    void blockingGenerateReturnsTheImage(YandexArtClient client, FakeImageGenerator fake, VirtualScheduler time) {
      GeneratedImage image = new PosterService(client).drawPoster("a red cat");

      assertThat(image.mimeType()).isEqualTo("image/jpeg");
      assertThat(image.operationId()).hasValue(fake.store().operationIds().get(0));
      FakeAssertions.assertThat(fake).submittedOnce().submittedPrompt("a red cat");
      assertThat(time.isAutoAdvancing()).isTrue();
      assertThat(time.now()).as("two reads: at 1 s and 2.5 s").isEqualTo(VirtualSchedulerTest.START.plusMillis(2500));
    }

    @Test
    void aWaitOfAnHourTakesNoRealTime(YandexArtClient client, InMemoryOperationStore store, VirtualScheduler time) {
      store.enqueueOutcome(Outcome.neverDone());
      long started = System.nanoTime();

      assertThatThrownBy(() -> new PosterService(client).drawPoster("a red cat"))
          .isInstanceOf(WaitTimeoutException.class);

      assertThat(time.now()).isEqualTo(VirtualSchedulerTest.START.plus(Duration.ofHours(1)));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void asyncCallsStillAdvanceOnlyWhenAsked(YandexArtClient client, VirtualScheduler time) {
      CompletableFuture<GeneratedImage> image = client.generateAsync(ImageGenerationRequest.of("a red cat"));
      assertThat(image).isNotDone();
      assertThat(time.now()).isEqualTo(VirtualSchedulerTest.START);

      assertThat(time.advanceUntilDone(image, Duration.ofMinutes(1)).size()).isPositive();
    }
  }

  @ExtendWith(NestedRun.Only.class)
  static class ManualTime {
    @RegisterExtension
    static final FakeImageGeneratorExtension FAKE = FakeImageGeneratorExtension.builder().manualTime().build();

    @Test
    void theTestStepsTime(YandexArtClient client, InMemoryOperationStore store, VirtualScheduler time) {
      assertThat(time.isAutoAdvancing()).isFalse();
      CompletableFuture<Operation> submitted = client.submitAsync(ImageGenerationRequest.of("a red cat"));
      time.runDue();
      String id = submitted.join().id();
      CompletableFuture<GeneratedImage> image = client.awaitAsync(id);

      time.advance(Duration.ofMillis(999));
      assertThat(store.reads(id)).isEqualTo(1);
      assertThat(image).isNotDone();
      time.advance(Duration.ofSeconds(1));
      assertThat(store.reads(id)).isEqualTo(2);
      assertThat(image).isCompleted();
    }
  }
}
