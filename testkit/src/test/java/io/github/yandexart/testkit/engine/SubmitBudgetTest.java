package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.Operation;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The submit budget: a burst of submits is spread to the service's 500 a minute, not refused. */
class SubmitBudgetTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void aBurstOfSubmitsIsSpreadToTheQuotaInsteadOfBeingRefused() {
    f.store.setDefaultOutcome(Outcome.neverDone());
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxSubmitsPerMinute(500).build());
    List<CompletableFuture<Operation>> submits = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      submits.add(client.submitAsync(request("cat " + i)));
    }
    f.time.runDue();
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(500);
    assertThat(client.queuedSubmits()).isEqualTo(700);

    f.time.advance(Duration.ofSeconds(59));
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).as("still within the first minute").hasSize(500);
    f.time.advance(Duration.ofSeconds(1));
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(1_000);
    f.time.advance(Duration.ofSeconds(60));
    assertThat(f.calls(RecordedCall.Kind.SUBMIT)).hasSize(1_200);

    assertThat(submits).allSatisfy(s -> assertThat(s).isCompleted());
    assertThat(f.times(RecordedCall.Kind.SUBMIT)).containsOnly(
        Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertThat(client.queuedSubmits()).isZero();
  }

  @Test
  void aQueuedSubmitThatIsCancelledNeverReachesTheService() {
    YandexArtClient client = f.client(NO_JITTER.toBuilder().maxSubmitsPerMinute(1).build());
    client.submitAsync(request("first"));
    CompletableFuture<Operation> second = client.submitAsync(request("second"));
    second.cancel(false);
    f.time.advance(Duration.ofMinutes(2));
    assertThat(f.store.submittedRequests()).extracting(r -> r.messages().get(0).text()).containsExactly("first");
  }
}
