package io.github.yandexart.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
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
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class YandexArtObservationsTest {
  private final VirtualScheduler time = VirtualScheduler.withRealTimeGrace(Duration.ZERO);
  private final InMemoryOperationStore store =
      InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build();

  private YandexArtClient client(YandexArtObservations observations) {
    return YandexArtClient.builder()
        .generator(FakeImageGenerator.over(store))
        .waitPolicy(WaitPolicy.builder().jitter(0).build())
        .scheduler(time)
        .addObserver(observations)
        .build();
  }

  private static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.of(ModelUri.of("b1gtest"), prompt);
  }

  @Test
  void aGenerationAndEachOfItsCallsAreObserved() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    time.advanceUntilDone(client(new YandexArtObservations(registry)).generateAsync(request("CANARY cat")),
        Duration.ofMinutes(1));

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("yandexart.generation", 1)
        .hasNumberOfObservationsWithNameEqualTo("yandexart.call", 2)
        .hasObservationWithNameEqualTo("yandexart.generation").that()
        .hasContextualNameEqualTo("yandexart generate")
        .hasLowCardinalityKeyValue("transport", "fake")
        .hasLowCardinalityKeyValue("kind", "generate")
        .hasLowCardinalityKeyValue("outcome", "succeeded")
        .hasHighCardinalityKeyValueWithKey("yandexart.operation.id")
        .doesNotHaveLowCardinalityKeyValueWithKey("yandexart.operation.id")
        .hasBeenStarted()
        .hasBeenStopped();
    assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo("yandexart.call")
        .hasContextualNameEqualTo("yandexart submit")
        .hasLowCardinalityKeyValue("method", "submit")
        .hasLowCardinalityKeyValue("status", "OK")
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasHighCardinalityKeyValueWithKey("yandexart.operation.id"));
  }

  @Test
  void aFailedGenerationCarriesItsErrorAndOutcome() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    store.setDefaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "no")));
    time.advanceUntil(client(new YandexArtObservations(registry)).generateAsync(request("x"))::isDone,
        Duration.ofMinutes(1));

    assertThat(registry).hasObservationWithNameEqualTo("yandexart.generation").that()
        .hasLowCardinalityKeyValue("outcome", "failed")
        .assertThatError().isInstanceOf(io.github.yandexart.OperationFailedException.class);
  }

  @Test
  void callSpansAreChildrenOfTheGenerationSpanWhichIsAChildOfTheCallersSpan() {
    SimpleTracer tracer = new SimpleTracer();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    store.setDefaultOutcome(Outcome.succeedAfterReads(2));
    YandexArtClient client = client(new YandexArtObservations(registry));

    Observation request = Observation.start("http.server.requests", registry);
    CompletableFuture<GeneratedImage> image = request.scoped(() -> client.generateAsync(request("a red cat")));
    // the calls run later, on the scheduler, outside the caller's scope
    time.advanceUntilDone(image, Duration.ofMinutes(1));
    request.stop();

    List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
    SimpleSpan server = only(spans, "http.server.requests");
    SimpleSpan generation = only(spans, "yandexart generate");
    List<SimpleSpan> calls = spans.stream().filter(s -> s.getName().startsWith("yandexart ")
        && s != generation).collect(Collectors.toList());
    assertThat(calls).extracting(SimpleSpan::getName)
        .containsExactlyInAnyOrder("yandexart submit", "yandexart get", "yandexart get");
    assertThat(generation.getParentId()).isEqualTo(server.getSpanId());
    assertThat(calls).allSatisfy(c -> {
      assertThat(c.getParentId()).isEqualTo(generation.getSpanId());
      assertThat(c.getTraceId()).isEqualTo(server.getTraceId());
      assertThat(c.getTags()).containsKey("yandexart.operation.id");
    });
    assertThat(generation.getTags()).containsEntry("outcome", "succeeded").containsKey("yandexart.operation.id");
  }

  @Test
  void aConventionOfTheUsersOwnRenamesAndRetags() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    GenerationObservationConvention mine = new DefaultGenerationObservationConvention() {
      @Override
      public String getName() {
        return "images.generated";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(GenerationObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "posters"));
      }
    };
    store.setDefaultOutcome(Outcome.succeedAfterReads(0));
    time.advanceUntilDone(client(new YandexArtObservations(registry, mine, new DefaultCallObservationConvention()))
        .generateAsync(request("x")), Duration.ofMinutes(1));

    assertThat(registry).hasObservationWithNameEqualTo("images.generated").that()
        .hasLowCardinalityKeyValue("team", "posters");
  }

  private static SimpleSpan only(List<SimpleSpan> spans, String name) {
    List<SimpleSpan> found = spans.stream().filter(s -> name.equals(s.getName())).collect(Collectors.toList());
    assertThat(found).as("spans named %s among %s", name, spans).hasSize(1);
    return found.get(0);
  }
}
