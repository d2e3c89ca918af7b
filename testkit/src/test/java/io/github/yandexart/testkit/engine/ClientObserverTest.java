package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientObserver;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The observer hook: what a client tells its observers about calls, operations and budgets. */
class ClientObserverTest {
  private final EngineFixture f = new EngineFixture();

  /** Writes each event as a line; its operation context is a name it made up, to check it comes back. */
  static final class Recorder implements ClientObserver {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<OperationEnd> ends = new CopyOnWriteArrayList<>();
    final List<CallEnd> calls = new CopyOnWriteArrayList<>();
    final List<Duration> submitQueueing = new CopyOnWriteArrayList<>();
    private int operations;

    @Override
    public synchronized Object operationStarted(OperationStart start) {
      String context = "op" + (++operations);
      events.add(context + " started " + start.kind() + " " + start.transport() + " " + start.operationId());
      return context;
    }

    @Override
    public void operationSubmitted(Object context, Operation submitted) {
      events.add(context + " submitted " + submitted.id());
    }

    @Override
    public void operationPolled(Object context, Operation snapshot, int reads) {
      events.add(context + " polled " + reads + (snapshot.done() ? " done" : ""));
    }

    @Override
    public void operationFinished(Object context, OperationEnd end) {
      events.add(context + " finished " + end.outcome() + " " + end.operationId().orElse("?"));
      ends.add(end);
    }

    @Override
    public Object callStarted(Object operationContext, CallStart call) {
      return operationContext + "/" + call.method() + "#" + call.attempt();
    }

    @Override
    public void callFinished(Object callContext, CallEnd end) {
      events.add(callContext + " " + end.status());
      calls.add(end);
    }

    @Override
    public void budgetQueued(Budget budget, Duration queued) {
      if (budget == Budget.SUBMIT) {
        submitQueueing.add(queued);
      }
    }
  }

  @Test
  void aGenerationIsToldFromSubmitToImageWithItsCallsUnderIt() {
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(2));
    Recorder recorder = new Recorder();
    YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(NO_JITTER)
        .scheduler(f.time).addObserver(recorder).build();

    CompletableFuture<GeneratedImage> image = client.generateAsync(request("a red cat"));
    f.runUntilDone(image, Duration.ofMinutes(1));

    String id = recorder.ends.get(0).operationId().orElseThrow();
    assertThat(recorder.events).containsExactly(
        "op1 started GENERATE fake Optional.empty",
        "op1/SUBMIT#1 OK",
        "op1 submitted " + id,
        "op1/GET#1 OK",
        "op1 polled 1",
        "op1/GET#1 OK",
        "op1 polled 2 done",
        "op1 finished SUCCEEDED " + id);
    assertThat(recorder.ends).singleElement().satisfies(end -> {
      assertThat(end.reads()).isEqualTo(2);
      assertThat(end.duration()).as("virtual time: 1 s, then 1.5 s").isEqualTo(Duration.ofMillis(2_500));
      assertThat(end.failure()).isEmpty();
    });
    assertThat(recorder.calls).allSatisfy(c -> assertThat(c.call().transport()).isEqualTo("fake"));
  }

  @Test
  void eachWayAnOperationEndsHasItsOutcome() {
    Recorder recorder = new Recorder();
    YandexArtClient client = YandexArtClient.builder().generator(f.fake)
        .waitPolicy(NO_JITTER.toBuilder().totalBudget(Duration.ofSeconds(30)).build())
        .scheduler(f.time).addObserver(recorder).build();

    f.store.setDefaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "no")));
    f.runUntilDone(client.generateAsync(request("failed")), Duration.ofMinutes(1));
    f.store.setDefaultOutcome(Outcome.cancelAfterReads(1));
    f.runUntilDone(client.generateAsync(request("cancelled")), Duration.ofMinutes(1));
    f.store.setDefaultOutcome(Outcome.neverDone());
    f.runUntilDone(client.generateAsync(request("slow")), Duration.ofMinutes(1));
    CompletableFuture<GeneratedImage> abandoned = client.generateAsync(request("abandoned"));
    abandoned.cancel(false);
    f.runUntilDone(client.awaitAsync("no-such-operation"), Duration.ofMinutes(1));

    assertThat(recorder.ends).extracting(ClientObserver.OperationEnd::outcome).containsExactly(
        ClientObserver.Outcome.FAILED, ClientObserver.Outcome.CANCELLED, ClientObserver.Outcome.STOPPED_WAITING, ClientObserver.Outcome.ABANDONED, ClientObserver.Outcome.CALL_FAILED);
    assertThat(recorder.ends.get(2).duration()).isEqualTo(Duration.ofSeconds(30));
    ClientObserver.OperationEnd awaited = recorder.ends.get(4);
    assertThat(awaited.start().kind()).isEqualTo(ClientObserver.Kind.AWAIT);
    assertThat(awaited.operationId()).contains("no-such-operation");
    assertThat(recorder.calls).filteredOn(c -> c.call().operationId().equals(awaited.operationId()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(StatusCode.NOT_FOUND));
  }

  @Test
  void anObserverThatThrowsIsLoggedAndTheGenerationAndTheOtherObserversGoOn() {
    ClientObserver broken = new ClientObserver() {
      @Override
      public Object operationStarted(OperationStart start) {
        throw new IllegalStateException("broken observer");
      }

      @Override
      public void callFinished(Object callContext, CallEnd end) {
        throw new IllegalStateException("broken observer");
      }

      @Override
      public void operationFinished(Object context, OperationEnd end) {
        throw new IllegalStateException("broken observer");
      }
    };
    Recorder recorder = new Recorder();
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        warnings.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("io.github.yandexart.internal.Observers");
    logger.addHandler(handler);
    try {
      f.store.setDefaultOutcome(Outcome.succeedAfterReads(1));
      YandexArtClient client = YandexArtClient.builder().generator(f.fake).waitPolicy(NO_JITTER)
          .scheduler(f.time).addObserver(broken).addObserver(recorder).build();
      CompletableFuture<GeneratedImage> image = client.generateAsync(request("a red cat"));
      f.runUntilDone(image, Duration.ofMinutes(1));

      assertThat(image).isCompleted();
      assertThat(recorder.ends).extracting(ClientObserver.OperationEnd::outcome).containsExactly(ClientObserver.Outcome.SUCCEEDED);
      assertThat(warnings).isNotEmpty().allMatch(w -> w.startsWith("WARNING") && w.contains("threw from"));
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void nothingIsToldAboutAnOperationAfterItsEndButItsCallInFlightStillEnds() {
    f.store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    FakeImageGenerator slow = FakeImageGenerator.over(f.store, f.time);
    slow.delayNextAnswers(1, Duration.ofSeconds(5));
    Recorder recorder = new Recorder();
    YandexArtClient client = YandexArtClient.builder().generator(slow).waitPolicy(NO_JITTER)
        .scheduler(f.time).addObserver(recorder).build();
    CompletableFuture<GeneratedImage> image = client.generateAsync(request("a red cat"));
    image.cancel(false); // the submit was sent; its answer comes 5 s later
    f.time.advance(Duration.ofMinutes(1));

    assertThat(recorder.events).containsExactly("op1 started GENERATE fake Optional.empty",
        "op1 finished ABANDONED ?", "op1/SUBMIT#1 OK");
  }

  @Test
  void timeQueuedOnTheSubmitBudgetIsReported() {
    f.store.setDefaultOutcome(Outcome.neverDone());
    Recorder recorder = new Recorder();
    YandexArtClient client = YandexArtClient.builder().generator(f.fake)
        .waitPolicy(NO_JITTER.toBuilder().maxSubmitsPerMinute(1).build())
        .scheduler(f.time).addObserver(recorder).build();
    client.submitAsync(request("first"));
    CompletableFuture<Operation> second = client.submitAsync(request("second"));
    f.runUntilDone(second, Duration.ofMinutes(2));

    assertThat(recorder.submitQueueing).containsExactly(Duration.ZERO, Duration.ofMinutes(1));
    assertThat(recorder.events).as("lone calls have no operation context")
        .containsExactly("null/SUBMIT#1 OK", "null/SUBMIT#1 OK");
  }
}
