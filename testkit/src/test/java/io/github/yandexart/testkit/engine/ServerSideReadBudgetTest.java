package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.SHARED_IMAGE;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read budget as the server counts it: by when requests arrive. A transport may hold requests
 * back (here: a few connections, each busy for a while per call, first come first served), so reads
 * handed over behind a burst of submits reach the server later, together. The store stamps every
 * call when it arrives, on the virtual clock; no sliding second of those stamps may hold more reads
 * than the budget, the first second included.
 */
class ServerSideReadBudgetTest {
  private final EngineFixture f = new EngineFixture();

  /** {@code connections} connections; a call holds one for {@code busy}, then answers. */
  final class FewConnections extends EngineFixture.Delegating {
    private final Duration busy;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int free;

    FewConnections(ImageGenerator fake, int connections, Duration busy) {
      super(fake);
      this.free = connections;
      this.busy = busy;
    }

    @Override
    public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
      return queued(() -> delegate.submit(request, options));
    }

    @Override
    public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
      return queued(() -> delegate.getOperation(operationId, options));
    }

    private CompletableFuture<Operation> queued(Supplier<CompletableFuture<Operation>> send) {
      CompletableFuture<Operation> answer = new CompletableFuture<>();
      synchronized (this) {
        waiting.add(() -> {
          CompletableFuture<Operation> reply = send.get(); // reaches the store now
          f.time.schedule(() -> {
            synchronized (this) {
              free++;
            }
            reply.whenComplete((op, e) -> {
              if (e == null) {
                answer.complete(op);
              } else {
                answer.completeExceptionally(e);
              }
            });
            pump();
          }, busy);
        });
      }
      pump();
      return answer;
    }

    private void pump() {
      List<Runnable> now = new ArrayList<>();
      synchronized (this) {
        while (free > 0 && !waiting.isEmpty()) {
          free--;
          now.add(waiting.poll());
        }
      }
      now.forEach(Runnable::run);
    }
  }

  @ParameterizedTest(name = "{0} waits behind {1} submits, {2} connections busy {3} ms per call")
  @CsvSource({"300, 400, 8, 100", "500, 1000, 16, 50", "200, 100, 40, 300"})
  void noSlidingSecondOfArrivalsHoldsMoreReadsThanTheBudget(int waits, int submits, int connections, int busyMs) {
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(3).withImage(SHARED_IMAGE));
    List<String> earlier = new ArrayList<>();
    for (int i = 0; i < waits; i++) { // started by someone else: this client resumes them by id
      earlier.add(f.fake.submit(request("earlier " + i)).join().id());
    }
    YandexArtClient client = f.client(new FewConnections(f.fake, connections, Duration.ofMillis(busyMs)),
        NO_JITTER.toBuilder().maxReadsPerSecond(50).maxSubmitsPerMinute(Integer.MAX_VALUE).build());

    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < submits; i++) {
      all.add(client.submitAsync(request("cat " + i))); // a burst that fills the connections
    }
    for (String id : earlier) {
      all.add(client.awaitAsync(id)); // reads handed over now wait behind the submits
    }
    f.runUntilDone(CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])), Duration.ofHours(1));

    List<Duration> arrivals = f.readTimes();
    assertThat(arrivals).hasSize(waits * 3);
    assertThat(PollBudgetTest.busiestSecond(arrivals)).as("reads arriving in the busiest sliding second")
        .isLessThanOrEqualTo(50);
    Duration first = arrivals.get(0);
    assertThat(arrivals.stream().filter(t -> t.compareTo(first.plusSeconds(1)) < 0).count())
        .as("reads in the first second").isLessThanOrEqualTo(50);
  }
}
