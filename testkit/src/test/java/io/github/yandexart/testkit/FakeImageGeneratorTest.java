package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FakeImageGeneratorTest {
  private static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1gfake"), "a red cat");

  private static ApiCallException failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.get();
      throw new AssertionError("unreachable");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApiCallException.class);
      return (ApiCallException) e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void answersAtOnceOnTheCallingThread() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    CompletableFuture<Operation> submitted = fake.submit(REQUEST);
    assertThat(submitted).isCompleted();
    String id = submitted.join().id();
    assertThat(fake.getOperation(id)).isCompleted();
    assertThat(fake.cancelOperation(id)).isCompleted();
    assertThat(fake.calls()).hasSize(3);
    assertThat(fake.submittedRequests()).containsExactly(REQUEST);
  }

  @Test
  void storeErrorsFailTheFutureInsteadOfThrowing() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    ApiCallException e = failure(fake.getOperation("fbvunknown0000000000"));
    assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
  }

  @Test
  void closedFakeFailsEveryCallWithIllegalStateExceptionWithoutReachingTheStore() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    String id = fake.submit(REQUEST).join().id();
    fake.close();
    assertThat(fake.isClosed()).isTrue();
    for (CompletableFuture<Operation> call : java.util.List.of(
        fake.submit(REQUEST), fake.getOperation(id), fake.cancelOperation(id))) {
      assertThat(call).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("is closed");
    }
    assertThat(fake.calls()).hasSize(1);
  }

  @Test
  void nullOrBlankIdsAreRefusedWithIllegalArgumentException() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    for (String id : java.util.Arrays.asList(null, "", "  ")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> fake.getOperation(id))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> fake.cancelOperation(id))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void aThrowingScriptFailsTheFutureWithInternalInsteadOfEscaping() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    fake.store().scriptFor(r -> {
      throw new IllegalStateException("bug in the test's predicate");
    }, Outcome.neverDone());
    ApiCallException e = failure(fake.submit(REQUEST));
    assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bug in the test's predicate");
  }

  @Test
  void clientGeneratesFromTheFakeInVirtualTime() {
    VirtualScheduler time = new VirtualScheduler();
    FakeImageGenerator fake = FakeImageGenerator.over(
        InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
    fake.store().setDefaultOutcome(Outcome.succeedAfter(Duration.ofMinutes(3)));
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time).random(() -> 0.5).build()) {
      GeneratedImage image = time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(10));
      assertThat(image.mimeType()).isEqualTo("image/jpeg");
      assertThat(time.now()).isBetween(
          VirtualSchedulerTest.START.plus(Duration.ofMinutes(3)),
          VirtualSchedulerTest.START.plus(Duration.ofMinutes(3)).plus(WaitPolicy.defaults().maxDelay()));
    }
    assertThat(fake.isClosed()).as("the client closes the generator").isTrue();
  }

  @Test
  void clientRetriesThroughInjectedRefusalsAndFailedReads() {
    VirtualScheduler time = new VirtualScheduler();
    FakeImageGenerator fake = FakeImageGenerator.over(
        InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build());
    fake.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(20));
    fake.store().faults().failNextReads(2);
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time).random(() -> 0.5).build()) {
      time.advanceUntilDone(client.generateAsync(REQUEST), Duration.ofMinutes(10));
    }
    assertThat(fake.calls()).extracting(RecordedCall::failed).containsSubsequence(true, false);
    assertThat(fake.calls().get(1).at()).as("the retry waited for Retry-After")
        .isAfterOrEqualTo(fake.calls().get(0).at().plusSeconds(20));
    assertThat(fake.submittedRequests()).hasSize(1);
    assertThat(fake.store().faults().readFailuresLeft()).isZero();
  }

  @Test
  void slowAnswersNeedAScheduler() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FakeImageGenerator.create().delayNextAnswers(1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("create(time)");
  }
}
