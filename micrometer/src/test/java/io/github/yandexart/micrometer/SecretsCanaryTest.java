package io.github.yandexart.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientObserver;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.VirtualScheduler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * A canary prompt, through successful, retried and failed generations with logging at ALL, never
 * reaches a meter, a span (name, tag or event), an observer event's {@code toString()} or a log line.
 */
class SecretsCanaryTest {
  private static final String PROMPT = "CANARY-prompt-" + UUID.randomUUID();

  @Test
  void thePromptReachesNoMeterSpanEventOrLogLine() {
    List<String> exposed = new CopyOnWriteArrayList<>();
    SimpleFormatter format = new SimpleFormatter();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        exposed.add(format.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    try {
      VirtualScheduler time = VirtualScheduler.withRealTimeGrace(Duration.ZERO);
      InMemoryOperationStore store = InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      SimpleTracer tracer = new SimpleTracer();
      ObservationRegistry observations = ObservationRegistry.create();
      observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
      ClientObserver events = new ClientObserver() {
        @Override
        public Object operationStarted(OperationStart start) {
          exposed.add(start.toString());
          return null;
        }

        @Override
        public void operationFinished(Object context, OperationEnd end) {
          exposed.add(end.toString());
        }

        @Override
        public void callFinished(Object context, CallEnd end) {
          exposed.add(end.toString());
        }
      };
      YandexArtClient client = YandexArtClient.builder().generator(FakeImageGenerator.over(store))
          .waitPolicy(WaitPolicy.builder().jitter(0).build()).scheduler(time)
          .addObserver(new YandexArtMetrics(meters)).addObserver(new YandexArtObservations(observations))
          .addObserver(events).build();
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gcanary"), PROMPT);

      store.setDefaultOutcome(Outcome.succeedAfterReads(1));
      store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(1));
      store.faults().failNextReads(1);
      time.advanceUntilDone(client.generateAsync(request), Duration.ofMinutes(5));
      store.setDefaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "bad")));
      time.advanceUntil(client.generateAsync(request)::isDone, Duration.ofMinutes(5));

      for (Meter meter : meters.getMeters()) {
        exposed.add(meter.getId().toString());
      }
      tracer.getSpans().forEach(span -> exposed.add(span.toString()));
      assertThat(tracer.getSpans()).isNotEmpty();
      assertThat(exposed).noneMatch(s -> s.contains(PROMPT));
    } finally {
      root.removeHandler(capture);
      root.setLevel(level);
    }
  }
}
