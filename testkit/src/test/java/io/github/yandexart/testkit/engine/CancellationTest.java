package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.failure;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cancelling a future stops only the local wait; cancel(id) asks the server. */
class CancellationTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void cancellingTheReturnedFutureStopsReadingButLeavesTheOperationRunning() {
    f.store.enqueueOutcome(Outcome.neverDone());
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.time.advance(Duration.ofSeconds(3));
    int reads = f.readTimes().size();
    assertThat(reads).isEqualTo(2);

    assertThat(image.cancel(false)).isTrue();
    f.time.advance(Duration.ofHours(1));

    assertThat(f.readTimes()).as("no read after cancelling").hasSize(reads);
    assertThat(f.calls(RecordedCall.Kind.CANCEL)).as("the server is not asked to cancel").isEmpty();
    assertThat(f.time.pendingTasks()).as("no timer left behind").isZero();
    Operation op = f.fake.getOperation(f.onlyOperationId()).join();
    assertThat(op.done()).isFalse();
    assertThat(op.error()).isEmpty();
  }

  @Test
  void cancellingAResumedWaitStopsReadingToo() {
    f.store.enqueueOutcome(Outcome.neverDone());
    String id = f.fake.submit(request("cat")).join().id();
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).awaitAsync(id);
    f.time.advance(Duration.ofSeconds(2));
    int reads = f.readTimes().size();

    image.cancel(true);
    f.time.advance(Duration.ofHours(1));

    assertThat(f.readTimes()).hasSize(reads);
    assertThat(f.time.pendingTasks()).isZero();
  }

  @Test
  void cancellingBeforeTheFirstReadMeansNoReadAtAll() {
    f.store.enqueueOutcome(Outcome.neverDone());
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    image.cancel(false);
    f.time.advance(Duration.ofMinutes(10));
    assertThat(f.readTimes()).isEmpty();
    assertThat(f.store.operationIds()).as("the submit had gone out already").hasSize(1);
  }

  @Test
  void cancellingAWaitQueuedForThePollBudgetDropsItsRead() {
    f.store.setDefaultOutcome(Outcome.neverDone());
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxReadsPerSecond(1).build());
    CompletableFuture<GeneratedImage> first = client.generateAsync(request("one"));
    CompletableFuture<GeneratedImage> second = client.generateAsync(request("two"));
    f.time.advance(Duration.ofSeconds(1));
    assertThat(f.readTimes()).hasSize(1);
    assertThat(client.queuedReads()).isEqualTo(1);

    second.cancel(false);
    f.time.advance(Duration.ofSeconds(10));

    String secondId = f.store.operationIds().get(1);
    assertThat(f.calls(RecordedCall.Kind.GET)).noneMatch(c -> c.operationId().orElseThrow().equals(secondId));
    assertThat(first).isNotDone();
    assertThat(client.queuedReads()).isZero();
  }

  @Test
  void cancelByIdReachesTheServerAndTheWaitEndsCancelled() {
    f.store.enqueueOutcome(Outcome.neverDone());
    YandexArtClient client = f.client(NO_JITTER);
    CompletableFuture<GeneratedImage> image = client.generateAsync(request("cat"));
    f.time.advance(Duration.ofSeconds(2));
    String id = f.onlyOperationId();

    Operation answer = client.cancelOperation(id);

    assertThat(answer.id()).isEqualTo(id);
    assertThat(answer.state()).isEqualTo("CANCELLED");
    assertThat(f.calls(RecordedCall.Kind.CANCEL)).singleElement()
        .satisfies(c -> assertThat(c.operationId()).hasValue(id));
    f.runUntilDone(image, Duration.ofMinutes(1));
    assertThat(failure(image)).isInstanceOfSatisfying(OperationCancelledException.class,
        e -> assertThat(e.operationId()).hasValue(id));
  }

  @Test
  void cancellingAnUnknownOperationFailsWithNotFoundAndTheId() {
    CompletableFuture<Operation> answer = f.client(NO_JITTER).cancelOperationAsync("fbvnosuchoperation01");
    f.time.runDue();
    assertThat(failure(answer)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
      assertThat(e.operationId()).hasValue("fbvnosuchoperation01");
    });
  }

  @Test
  void aCancelThatNeverAnswersTimesOutWithTheId() {
    EngineFixture.Delegating silent = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
        return f.unanswered(options);
      }
    };
    WaitPolicy policy = NO_JITTER.toBuilder().callTimeout(Duration.ofSeconds(5)).build();
    CompletableFuture<Operation> answer = f.client(silent, policy).cancelOperationAsync("fbvstuck");

    f.runUntilDone(answer, Duration.ofMinutes(1));

    assertThat(f.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(failure(answer)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.operationId()).hasValue("fbvstuck");
    });
  }

  @Test
  void nullAndBlankIdsAreRefusedBeforeAnyCall() {
    YandexArtClient client = f.client(NO_JITTER);
    for (String id : java.util.Arrays.asList(null, "", " ")) {
      for (java.util.function.Consumer<String> method : List.<java.util.function.Consumer<String>>of(
          client::cancelOperationAsync, client::cancelOperation, client::awaitAsync, client::await,
          client::getOperationAsync, client::getOperation)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> method.accept(id))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("operation id is");
      }
    }
    assertThat(f.store.calls()).isEmpty();
  }
}
