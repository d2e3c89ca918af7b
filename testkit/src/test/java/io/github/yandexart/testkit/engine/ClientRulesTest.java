package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The client's rules for misuse, models and results, the same for every method. */
class ClientRulesTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void everyBlockingCallOnAClosedClientThrowsIllegalStateException() {
    YandexArtClient client = f.client(NO_JITTER);
    client.close();
    ImageGenerationRequest request = EngineFixture.request("cat");
    List<Consumer<YandexArtClient>> calls = List.of(
        c -> c.generate(request), c -> c.submit(request), c -> c.await("fbv1"),
        c -> c.getOperation("fbv1"), c -> c.cancelOperation("fbv1"));
    for (Consumer<YandexArtClient> call : calls) {
      assertThatThrownBy(() -> call.accept(client))
          .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }
    assertThat(f.store.calls()).isEmpty();
  }

  @Test
  void everyAsyncCallOnAClosedClientFailsWithIllegalStateException() {
    YandexArtClient client = f.client(NO_JITTER);
    client.close();
    ImageGenerationRequest request = EngineFixture.request("cat");
    List<Function<YandexArtClient, CompletableFuture<?>>> calls = List.of(
        c -> c.generateAsync(request), c -> c.submitAsync(request), c -> c.awaitAsync("fbv1"),
        c -> c.getOperationAsync("fbv1"), c -> c.cancelOperationAsync("fbv1"));
    for (Function<YandexArtClient, CompletableFuture<?>> call : calls) {
      assertThat(call.apply(client)).failsWithin(Duration.ZERO)
          .withThrowableOfType(ExecutionException.class)
          .havingCause().isExactlyInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aClosedGeneratorUnderAnOpenClientIsAlsoIllegalStateNotACallFailure() {
    YandexArtClient client = f.client(NO_JITTER);
    f.fake.close();
    assertThatThrownBy(() -> client.generate(EngineFixture.request("cat")))
        .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    assertThatThrownBy(() -> client.getOperation("fbv1")).isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRequestWithoutAModelGetsTheClientsFolder() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(NO_JITTER)
        .scheduler(f.time).folderId("b1gfolder").build();

    CompletableFuture<GeneratedImage> image = client.generateAsync(ImageGenerationRequest.of("a red cat"));
    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(f.store.submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.modelUri()).hasValue(ModelUri.of("b1gfolder")));
  }

  @Test
  void aRequestsOwnModelIsSentUnchanged() {
    YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(NO_JITTER)
        .scheduler(f.time).folderId("b1gfolder").build();

    client.submitAsync(ImageGenerationRequest.of(ModelUri.of("b1gother"), "a red cat"));
    f.time.runDue();

    assertThat(f.store.submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.modelUri()).hasValue(ModelUri.of("b1gother")));
  }

  @Test
  void aClientWithoutAFolderLeavesTheModelToTheGenerator() {
    YandexArtClient client = f.client(NO_JITTER);
    client.submitAsync(ImageGenerationRequest.of("a red cat"));
    f.time.runDue();
    assertThat(f.store.submittedRequests()).singleElement().satisfies(r -> assertThat(r.modelUri()).isEmpty());
  }

  @Test
  void theImageTheClientReturnsNamesItsOperation() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1));
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(EngineFixture.request("cat"));
    f.runUntilDone(image, Duration.ofMinutes(1));
    assertThat(image.join().operationId()).hasValue(f.onlyOperationId());
    assertThat(image.join().modelVersion()).isPresent();
  }

  @Test
  void theSdkVersionIsPublic() {
    assertThat(YandexArtClient.version()).isNotBlank();
  }

  @Test
  void submitAndReadOnceReturnOperationsWithoutWaiting() {
    f.store.enqueueOutcome(Outcome.neverDone());
    YandexArtClient client = f.client(NO_JITTER);
    CompletableFuture<Operation> started = client.submitAsync(EngineFixture.request("cat"));
    f.time.runDue();
    CompletableFuture<Operation> read = client.getOperationAsync(started.join().id());
    f.time.runDue();
    assertThat(read.join().done()).isFalse();
  }
}
