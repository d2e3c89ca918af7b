package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.failure;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static io.github.yandexart.testkit.engine.EngineFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a wait ends: the image, or a typed failure that carries the operation id. */
class WaitOutcomeTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void threeNotFoundReadsRightAfterSubmitAreTakenForReplicationLag() {
    f.store.faults().notFoundLag(3);
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(f.calls(io.github.yandexart.testkit.RecordedCall.Kind.GET))
        .extracting(c -> c.failed()).containsExactly(true, true, true, false);
    assertThat(f.readTimes().get(3)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aFourthNotFoundReadFailsTheWaitWithTheId() {
    f.store.faults().notFoundLag(4);
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    String id = f.onlyOperationId();
    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
      assertThat(e.operationId()).hasValue(id);
      assertThat(e.getMessage()).contains(id);
    });
    assertThat(f.readTimes()).hasSize(4);
    assertThat(f.elapsed()).as("it was the count, not the window").isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void notFoundAfterTheLagWindowFailsAtOnce() {
    f.store.enqueueOutcome(Outcome.neverDone());
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.time.advance(Duration.ofSeconds(11));
    int reads = f.readTimes().size();
    assertThat(image).isNotDone();

    f.store.faults().failNextReads(1, StatusCode.NOT_FOUND);
    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
    });
    assertThat(f.readTimes()).as("the first NOT_FOUND, past the window, ends the wait").hasSize(reads + 1);
  }

  @Test
  void notFoundToleranceIsConfigurable() {
    f.store.faults().notFoundLag(1);
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    WaitPolicy strict = NO_JITTER.toBuilder().notFoundTolerance(0, Duration.ofSeconds(10)).build();
    CompletableFuture<GeneratedImage> image = f.client(strict).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOf(ApiCallException.class);
    assertThat(f.readTimes()).hasSize(1);
  }

  @Test
  void anErrorBeforeDoneEndsTheWaitAsAFailedOperation() {
    f.store.enqueueOutcome(Outcome.errorBeforeDone(2,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "the prompt breaks the content policy")));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    String id = f.onlyOperationId();
    assertThat(failure(image)).isExactlyInstanceOf(OperationFailedException.class)
        .isInstanceOfSatisfying(OperationFailedException.class, e -> {
          assertThat(e.operationId()).hasValue(id);
          assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
          assertThat(e.status().message()).isEqualTo("the prompt breaks the content policy");
          assertThat(e.getMessage()).contains(id).contains("the prompt breaks the content policy");
        });
    assertThat(f.readTimes()).as("stops reading once the error shows").hasSize(2);
    f.time.advance(Duration.ofMinutes(1));
    assertThat(f.readTimes()).hasSize(2);
  }

  @Test
  void aFailedOperationIsNotReadAgain() {
    f.store.enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INTERNAL, "model crashed")));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(OperationFailedException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
    });
    f.time.advance(Duration.ofMinutes(1));
    assertThat(f.readTimes()).hasSize(1);
  }

  @Test
  void aCancelledOperationEndsWithCodeOne() {
    f.store.enqueueOutcome(Outcome.cancelAfterReads(2));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(OperationCancelledException.class, e -> {
      assertThat(e.code()).isEqualTo(StatusCode.CANCELLED);
      assertThat(e.code().number()).isEqualTo(1);
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
    });
  }

  @Test
  void anOperationAlreadyDoneAtSubmitNeedsNoRead() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(0));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"));
    f.time.runDue();
    assertThat(image).isCompleted();
    assertThat(f.readTimes()).isEmpty();
  }

  @Test
  void doneWithNeitherImageNorErrorIsAnErrorNamingTheOperation() {
    EngineFixture.Delegating empty = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        return CompletableFuture.completedFuture(Operation.builder(operationId).done(true).build());
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(empty, NO_JITTER).generateAsync(request("cat"));

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(failure(image)).isInstanceOfSatisfying(ApiCallException.class, e -> {
      assertThat(e.operationId()).hasValue(f.onlyOperationId());
      assertThat(e.getMessage()).contains("neither an error nor an image");
    });
  }

  @Test
  void aListenerHearsEveryRead() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(3));
    java.util.List<String> heard = new java.util.ArrayList<>();
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"),
        new io.github.yandexart.WaitListener() {
          @Override
          public void onRead(Operation snapshot, int reads) {
            heard.add(reads + ":" + snapshot.state());
          }
        });

    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(heard).containsExactly("1:RUNNING", "2:RUNNING", "3:DONE");
    assertThat(f.readTimes().get(2)).isEqualTo(seconds(1 + 1.5 + 2.25));
  }

  @Test
  void theRequestReachesTheServiceUnchanged() {
    ImageGenerationRequest request = request("a lighthouse at dusk");
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    f.runUntilDone(f.client(NO_JITTER).generateAsync(request), Duration.ofMinutes(1));
    assertThat(f.store.submittedRequests()).containsExactly(request);
  }
}
