package io.github.yandexart.testkit;

import static io.github.yandexart.testkit.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The examples of testkit/README.md, compiled and run: keep the two in step. */
@ExtendWith(FakeImageGeneratorExtension.class)
class ReadmeExamplesTest {
  static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat");

  // README: "Quick start"
  @Test
  void generatesOnce(YandexArtClient client, FakeImageGenerator fake) {
    GeneratedImage image = client.generate(REQUEST);   // blocks in virtual time: no real waiting

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(fake).submittedOnce().submittedPrompt("a red cat");
  }

  // README: "Quick start", async
  @Test
  void generatesOnceAsync(YandexArtClient client, VirtualScheduler time) {
    GeneratedImage image = time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(1));

    assertThat(image.operationId()).isPresent();
  }

  // README: "Scripting outcomes"
  @Test
  void reportsTheServiceRefusal(YandexArtClient client, InMemoryOperationStore store, VirtualScheduler time) {
    store.enqueueOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "the prompt breaks the content policy")));

    assertThatThrownBy(() -> time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(1)))
        .isInstanceOf(OperationFailedException.class)
        .hasMessageContaining("content policy");
  }

  @Test
  void scriptsOutcomesInTheirOrder(InMemoryOperationStore store) {
    store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofSeconds(30)));   // on the store's clock
    store.scriptFor(r -> r.messages().get(0).text().contains("dog"), Outcome.neverDone());
    store.enqueueOutcome(Outcome.succeedAfterReads(0));                      // the next submit only

    assertThat(store.submit(REQUEST).done()).isTrue();                      // queued
    assertThat(store.submit(REQUEST).done()).isFalse();                     // default: 30 s to go
  }

  // README: "Time"
  @Test
  void stopsWaitingAfterTheBudget(YandexArtClient client, InMemoryOperationStore store, VirtualScheduler time) {
    store.setDefaultOutcome(Outcome.neverDone());

    assertThatThrownBy(() -> time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofHours(2)))
        .isInstanceOf(WaitTimeoutException.class);
    assertThat(time.now()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));   // the default 1 h budget
  }

  // README: "Faults"
  @Test
  void retriesARefusedSubmit(YandexArtClient client, FakeImageGenerator fake, VirtualScheduler time) {
    fake.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(10));
    fake.store().faults().failNextReads(2);               // UNAVAILABLE
    fake.store().faults().notFoundLag(1);                 // the first read of each new operation

    time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(5));

    assertThat(fake.calls()).hasSize(1 + 1 + 2 + 1 + 2); // refused, accepted, 2 failed, lag, 2 good reads
    assertThat(fake).submittedOnce();
  }

  // README: "Without the extension"
  @Test
  void worksWithoutTheExtension() {
    FakeImageGenerator fake = FakeImageGenerator.create();     // small images, system clock
    Operation started = fake.submit(REQUEST).join();           // completes at once
    Operation read = fake.getOperation(started.id()).join();

    assertThat(read.done()).isFalse();                         // done on the 2nd read by default
    assertThat(fake).readTimes(started.id(), 1).notCancelled();
    assertThatThrownBy(() -> fake.getOperation("nope").join())
        .hasCauseInstanceOf(ApiCallException.class);
  }
}
