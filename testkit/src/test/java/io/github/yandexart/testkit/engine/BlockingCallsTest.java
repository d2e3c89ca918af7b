package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous conveniences, in real time on the default scheduler with millisecond delays. */
class BlockingCallsTest {
  private final FakeImageGenerator fake = FakeImageGenerator.create();
  private final YandexArtClient client =
      YandexArtClient.builder().generator(fake).waitPolicy(ConcurrentWaitsTest.FAST).build();

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void generateBlocksUntilTheImageIsThere() {
    fake.store().enqueueOutcome(Outcome.succeedAfterReads(3));
    GeneratedImage image = client.generate(request("a red cat"));
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.modelVersion()).isPresent();
    assertThat(fake.store().reads(fake.store().operationIds().get(0))).isEqualTo(3);
  }

  @Test
  void generateThrowsTheTypedFailureItselfNotAWrapper() {
    fake.store().enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "unsafe")));
    assertThatThrownBy(() -> client.generate(request("cat")))
        .isExactlyInstanceOf(OperationFailedException.class)
        .hasMessageContaining(fake.store().operationIds().get(0))
        .hasMessageContaining("unsafe");
  }

  @Test
  void submitThenAwaitByIdResumesTheWait() {
    fake.store().enqueueOutcome(Outcome.succeedAfterReads(2));
    Operation started = client.submit(request("cat"));
    assertThat(started.done()).isFalse();
    assertThat(client.await(started.id()).mimeType()).isEqualTo("image/jpeg");
  }

  @Test
  void getOperationIsOneLookAndDoesNotRetry() {
    Operation started = client.submit(request("cat"));
    fake.store().faults().failNextReads(1, StatusCode.UNAVAILABLE);
    assertThatThrownBy(() -> client.getOperation(started.id()))
        .isExactlyInstanceOf(ApiCallException.class)
        .hasMessageContaining(started.id()).hasMessageContaining("UNAVAILABLE");
    assertThat(fake.store().calls()).filteredOn(c -> c.kind() == RecordedCall.Kind.GET)
        .extracting(RecordedCall::failed).containsExactly(true);
    assertThat(client.getOperation(started.id()).id()).isEqualTo(started.id());
  }

  @Test
  void getOperationOfAnUnknownIdThrowsNotFoundWithTheId() {
    assertThatThrownBy(() -> client.getOperation("fbvmissing"))
        .isInstanceOfSatisfying(ApiCallException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
          assertThat(e.operationId()).hasValue("fbvmissing");
        });
  }

  @Test
  void closeClosesTheGeneratorAndStopsTheSchedulerThread() throws InterruptedException {
    Set<Thread> before = sdkThreads();
    YandexArtClient own = YandexArtClient.builder().generator(FakeImageGenerator.create())
        .waitPolicy(ConcurrentWaitsTest.FAST).build();
    own.generate(request("cat"));
    Set<Thread> mine = sdkThreads();
    mine.removeAll(before);
    assertThat(mine).hasSize(1);

    own.close();

    assertThat(((FakeImageGenerator) own.generator()).isClosed()).isTrue();
    Thread scheduler = mine.iterator().next();
    scheduler.join(10_000);
    assertThat(scheduler.isAlive()).isFalse();
    assertThat(scheduler.isDaemon()).isTrue();
  }

  private static Set<Thread> sdkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yandexart-"))
        .collect(Collectors.toSet());
  }

  @Test
  void onlyTheBlockingOneCallMethodsHaveTheirAnswerCompletedWhereItIsRead() {
    List<String> calls = new CopyOnWriteArrayList<>();
    EngineFixture.Delegating recording = new EngineFixture.Delegating(fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        calls.add("submit " + where(options));
        return super.submit(request, options);
      }

      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        calls.add("get " + where(options));
        return super.getOperation(operationId, options);
      }

      @Override
      public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
        calls.add("cancel " + where(options));
        return super.cancelOperation(operationId, options);
      }

      private String where(CallOptions options) {
        return options.executor().map(e -> {
          Thread[] ran = new Thread[1];
          e.execute(() -> ran[0] = Thread.currentThread());
          return ran[0] == Thread.currentThread() ? "direct" : "other executor";
        }).orElse("transport's callbacks");
      }
    };
    fake.store().enqueueOutcome(Outcome.neverDone());
    try (YandexArtClient c = YandexArtClient.builder().generator(recording).waitPolicy(ConcurrentWaitsTest.FAST).build()) {
      String id = c.submit(request("cat")).id();
      c.getOperation(id);
      c.cancelOperation(id);
      c.submitAsync(request("dog")).join();
      c.getOperationAsync(id).join();
      c.cancelOperationAsync(id).join();
    }

    // a blocking method's only continuation wakes its caller; an async caller's stages may block
    assertThat(calls).containsExactly("submit direct", "get direct", "cancel direct",
        "submit transport's callbacks", "get transport's callbacks", "cancel transport's callbacks");
  }
}
