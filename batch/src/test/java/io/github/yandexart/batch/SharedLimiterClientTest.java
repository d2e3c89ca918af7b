package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.spi.RateLimiter;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The api additions batch relies on: pluggable quotas and a caller-chosen client request id. */
class SharedLimiterClientTest {
  private static final ImageGenerationRequest REQUEST = ImageGenerationRequest.of(ModelUri.of("b1g"), "a red cat");

  /** A limiter whose permits the test hands out. */
  static final class ManualLimiter implements RateLimiter {
    final ConcurrentLinkedQueue<CompletableFuture<Void>> asked = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<Void> acquire() {
      CompletableFuture<Void> permit = new CompletableFuture<>();
      asked.add(permit);
      return permit;
    }

    void grant() {
      asked.poll().complete(null);
    }
  }

  @Test
  void aSubmitWaitsForTheSharedLimiterAndOnlyThenReachesTheService() throws Exception {
    VirtualScheduler time = new VirtualScheduler();
    FakeImageGenerator fake = FakeImageGenerator.create(time);
    ManualLimiter submits = new ManualLimiter();
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time)
        .submitLimiter(submits).build()) {
      CompletableFuture<Operation> op = client.submitAsync(REQUEST);
      assertThat(submits.asked).hasSize(1);
      assertThat(client.queuedSubmits()).isEqualTo(1);
      assertThat(fake.submittedRequests()).isEmpty();

      submits.grant();
      assertThat(op.get().id()).isNotBlank();
      assertThat(fake.submittedRequests()).hasSize(1);
      assertThat(client.queuedSubmits()).isZero();
    }
  }

  @Test
  void aLimiterThatCannotBeReadFailsTheSubmitUnsentAsProvablyNotAccepted() {
    VirtualScheduler time = new VirtualScheduler();
    FakeImageGenerator fake = FakeImageGenerator.create(time);
    RateLimiter broken = () -> CompletableFuture.failedFuture(new IllegalStateException("database down"));
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time)
        .submitLimiter(broken).build()) {
      assertThatThrownBy(() -> client.submitAsync(REQUEST).get()).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ApiCallException.class, e -> {
            assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CLIENT);
            assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("shared quota").contains("nothing was sent");
          });
      assertThat(fake.submittedRequests()).isEmpty();
    }
  }

  @Test
  void everyOperationReadWaitsForTheReadLimiter() throws Exception {
    VirtualScheduler time = new VirtualScheduler();
    FakeImageGenerator fake = FakeImageGenerator.create(time);
    fake.store().setDefaultOutcome(Outcome.succeedAfterReads(2));
    ManualLimiter reads = new ManualLimiter();
    try (YandexArtClient client = YandexArtClient.builder().generator(fake).scheduler(time)
        .readLimiter(reads).build()) {
      String id = client.submitAsync(REQUEST).get().id();
      var image = client.awaitAsync(id);
      int granted = 0;
      while (!image.isDone()) {
        assertThat(time.advanceUntil(() -> !reads.asked.isEmpty() || image.isDone(), Duration.ofMinutes(1))).isTrue();
        if (!reads.asked.isEmpty()) {
          // No read reached the service before its permit.
          assertThat(fake.store().reads(id)).isEqualTo(granted);
          reads.grant();
          granted++;
        }
      }
      assertThat(image.get().bytes()).isNotEmpty();
      assertThat(granted).isGreaterThanOrEqualTo(2).isEqualTo(fake.store().reads(id));
    }
  }

  @Test
  void aProvablyRefusedSubmitIsRepeatedUnderTheSameClientRequestId() throws Exception {
    try (TestEmulator emu = new TestEmulator(); YandexArtClient client = emu.client()) {
      emu.store.faults().refuseNextSubmits(2, StatusCode.RESOURCE_EXHAUSTED, Duration.ZERO);
      client.submitAsync(REQUEST, CallOptions.defaults().withClientRequestId("batch-item-7")).get();

      List<String> ids = emu.emulator.requests().stream().filter(r -> r.method().startsWith("POST "))
          .map(r -> r.header("x-client-request-id").orElseThrow()).toList();
      assertThat(ids).containsExactly("batch-item-7", "batch-item-7", "batch-item-7");
    }
  }

  @Test
  void aClientRequestIdMustTravelAsAHeader() {
    assertThat(CallOptions.defaults().withClientRequestId("a-1").clientRequestId()).contains("a-1");
    assertThat(CallOptions.timeout(Duration.ofSeconds(1)).withClientRequestId("a").timeout()).hasValue(Duration.ofSeconds(1));
    assertThat(CallOptions.defaults().clientRequestId()).isEmpty();
    assertThatThrownBy(() -> CallOptions.defaults().withClientRequestId("two words"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> CallOptions.defaults().withClientRequestId("x".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.defaults().withClientRequestId("line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
