package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitListener;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What the engine does when the things around it misbehave: listeners, server hints, callers. */
class RobustnessTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void aListenerThatThrowsDoesNotEndTheWait() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(3));
    List<Integer> heard = new ArrayList<>();
    WaitListener broken = new WaitListener() {
      @Override
      public void onRead(Operation snapshot, int reads) {
        heard.add(reads);
        throw new IllegalStateException("listener bug");
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(NO_JITTER).generateAsync(request("cat"), broken);
    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(image).isCompleted();
    assertThat(heard).containsExactly(1, 2, 3);
  }

  @Test
  void aZeroPollHintIsRaisedSoTheClientCannotSpin() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(4));
    EngineFixture.Delegating zeroHint = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        return super.submit(request, options).thenApply(op -> op.toBuilder().pollInterval(Duration.ZERO).build());
      }

      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        return super.getOperation(operationId, options)
            .thenApply(op -> op.toBuilder().pollInterval(Duration.ZERO).build());
      }
    };
    CompletableFuture<GeneratedImage> image = f.client(zeroHint, NO_JITTER).generateAsync(request("cat"));
    f.runUntilDone(image, Duration.ofMinutes(1));

    assertThat(f.readTimes()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(300), Duration.ofMillis(400));
  }

  @Test
  void aSubmitThatLandsAfterTheCallerGaveUpLogsTheOperationId() {
    CompletableFuture<Operation> answer = new CompletableFuture<>();
    EngineFixture.Delegating slow = new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
        return answer;
      }
    };
    List<String> warnings = new ArrayList<>();
    Logger jul = Logger.getLogger("io.github.yandexart.internal.WaitEngine");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(capture);
    try {
      CompletableFuture<GeneratedImage> image = f.client(slow, NO_JITTER).generateAsync(request("cat"));
      image.cancel(false);
      answer.complete(Operation.builder("fbvlatearrival000001").build());
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("fbvlatearrival000001"));
  }

  @Test
  void closingTheClientFailsPendingWaitsWithTheirOperationIdInsteadOfLeavingThemHanging() {
    f.store.setDefaultOutcome(Outcome.neverDone());
    io.github.yandexart.YandexArtClient client = f.client(NO_JITTER);
    CompletableFuture<GeneratedImage> image = client.generateAsync(request("cat"));
    f.time.advance(Duration.ofSeconds(5));
    String id = f.store.operationIds().get(0);

    client.close();

    assertThat(image).isCompletedExceptionally();
    org.assertj.core.api.Assertions.assertThatThrownBy(image::join)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining(id).hasMessageContaining("await");
    assertThat(client.awaitAsync(id)).isCompletedExceptionally();
  }
}
