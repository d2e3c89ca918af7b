package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's sections on errors, resuming and cancelling. */
class ErrorsAndResumeTest {
  @TempDir
  Path dir;

  private final VirtualScheduler time = new VirtualScheduler();
  private final FakeImageGenerator fake = FakeImageGenerator.create();
  private final YandexArtClient client = YandexArtClient.builder()
      .generator(fake)
      .scheduler(time)
      .waitPolicy(WaitPolicy.defaults().toBuilder().totalBudget(Duration.ofMinutes(1)).jitter(0).build())
      .build();
  private final ImageGenerationRequest request =
      ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat");
  private final List<String> log = new ArrayList<>();

  private void handle(Path file) {
    // README: errors
    try {
      client.generate(request).writeTo(file);
    } catch (OperationCancelledException e) {   // somebody called cancelOperation(id)
      log.add("cancelled " + e.operationId().orElseThrow());
    } catch (OperationFailedException e) {      // the service would not draw it: e.status() says why
      log.add("failed " + e.operationId().orElseThrow() + " " + e.code() + " " + e.status().message());
    } catch (WaitTimeoutException e) {          // we stopped waiting; it may still finish
      log.add("resume later: " + e.operationId().orElseThrow());
    } catch (ApiCallException e) {              // a call failed: e.code(), e.httpStatus(), e.requestId()
      log.add("call failed " + e.code() + " " + e.operationId().orElse("(not submitted)"));
    }
    // README: end
  }

  private void run(Runnable body) {
    CompletableFuture<Void> done = CompletableFuture.runAsync(body);
    assertThat(time.advanceUntil(done::isDone, Duration.ofHours(2))).isTrue();
    done.join();
  }

  @Test
  void eachFailureLandsInItsOwnBranchWithTheOperationId() {
    fake.store().enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "policy")));
    fake.store().enqueueOutcome(Outcome.cancelAfterReads(1));
    fake.store().enqueueOutcome(Outcome.neverDone());
    for (int i = 0; i < 3; i++) {
      run(() -> handle(dir.resolve("x.jpeg")));
    }
    fake.store().faults().refuseNextSubmits(1, StatusCode.PERMISSION_DENIED, null);
    run(() -> handle(dir.resolve("x.jpeg")));

    List<String> ids = fake.store().operationIds();
    assertThat(log).containsExactly(
        "failed " + ids.get(0) + " INVALID_ARGUMENT policy",
        "cancelled " + ids.get(1),
        "resume later: " + ids.get(2),
        "call failed PERMISSION_DENIED (not submitted)");
  }

  @Test
  void submitNowAwaitLaterOrCancel() {
    fake.store().enqueueOutcome(Outcome.succeedAfterReads(3));
    fake.store().enqueueOutcome(Outcome.neverDone());
    List<GeneratedImage> images = new ArrayList<>();
    List<Operation> cancelled = new ArrayList<>();
    run(() -> {
      // README: resume
      Operation started = client.submit(request);   // returns at once
      String id = started.id();                     // keep it: the operation runs on the service
      GeneratedImage image = client.await(id);      // later, even in another process
      // README: end
      images.add(image);
    });
    run(() -> {
      String id = client.submit(request).id();
      // README: cancel
      Operation answer = client.cancelOperation(id); // asks the service to stop; ends with code CANCELLED
      // README: end
      cancelled.add(answer);
    });
    assertThat(images).hasSize(1);
    assertThat(cancelled.get(0).error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
  }
}
