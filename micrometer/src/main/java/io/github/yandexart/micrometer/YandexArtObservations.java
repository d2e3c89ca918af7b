package io.github.yandexart.micrometer;

import io.github.yandexart.ClientObserver;
import io.github.yandexart.Operation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Micrometer {@link Observation}s for a {@link io.github.yandexart.YandexArtClient}: one per
 * generation (or wait resumed by id) named {@value DefaultGenerationObservationConvention#NAME}, and
 * one per call named {@value DefaultCallObservationConvention#NAME}, a child of its generation's.
 * With a tracing bridge (Micrometer Tracing over OpenTelemetry or Brave) that is a span per
 * generation with its calls as child spans, the operation id on both as a high-cardinality key value.
 *
 * <pre>{@code
 * YandexArtClient client = YandexArtClient.builder()
 *     .generator(ImageGenerators.create(config))
 *     .addObserver(new YandexArtObservations(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>A generation's observation takes as parent the observation current on the thread that calls
 * {@code generate} (a web request's, say); the calls' parents are passed along explicitly, because
 * they start on the client's own threads. No scope is left open, so no thread-local is left behind.
 *
 * <p>An {@link ObservationRegistry} with a meter handler (Spring Boot's has one) also turns these
 * into timers named after the observations ({@code yandexart.generation}, {@code yandexart.call});
 * {@link YandexArtMetrics} has the full set of meters under other names, so the two never clash.
 * Thread-safe.
 */
public final class YandexArtObservations implements ClientObserver {
  private static final GenerationObservationConvention DEFAULT_GENERATION = new DefaultGenerationObservationConvention();
  private static final CallObservationConvention DEFAULT_CALL = new DefaultCallObservationConvention();

  private final ObservationRegistry registry;
  private final GenerationObservationConvention generationConvention;
  private final CallObservationConvention callConvention;

  /** Observations with the default conventions. */
  public YandexArtObservations(ObservationRegistry registry) {
    this(registry, DEFAULT_GENERATION, DEFAULT_CALL);
  }

  /** Observations named and tagged by the given conventions. */
  public YandexArtObservations(ObservationRegistry registry,
      GenerationObservationConvention generationConvention, CallObservationConvention callConvention) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.generationConvention = Objects.requireNonNull(generationConvention, "generationConvention");
    this.callConvention = Objects.requireNonNull(callConvention, "callConvention");
  }

  @Override
  public Object operationStarted(OperationStart start) {
    GenerationObservationContext context = new GenerationObservationContext(start);
    return Observation.createNotStarted(generationConvention, DEFAULT_GENERATION, () -> context, registry)
        .parentObservation(registry.getCurrentObservation())
        .start();
  }

  @Override
  public void operationSubmitted(Object context, Operation submitted) {
    if (context instanceof Observation) {
      Observation observation = (Observation) context;
      if (observation.getContext() instanceof GenerationObservationContext) {
        ((GenerationObservationContext) observation.getContext()).operationId(submitted.id());
      }
      observation.event(Observation.Event.of("submitted", "the service accepted the submit"));
    }
  }

  @Override
  public void operationFinished(Object context, OperationEnd end) {
    if (!(context instanceof Observation)) {
      return;
    }
    Observation observation = (Observation) context;
    if (observation.getContext() instanceof GenerationObservationContext) {
      ((GenerationObservationContext) observation.getContext()).end(end);
    }
    end.failure().ifPresent(observation::error);
    observation.stop();
  }

  @Override
  public Object callStarted(Object operationContext, CallStart call) {
    CallObservationContext context = new CallObservationContext(call);
    Observation parent = operationContext instanceof Observation
        ? (Observation) operationContext : registry.getCurrentObservation();
    Observation observation = Observation.createNotStarted(callConvention, DEFAULT_CALL, () -> context, registry)
        .parentObservation(parent);
    if (parent == null) {
      return observation.start();
    }
    // A tracing handler prefers the thread's current span to the parent observation's: a submit
    // started on the caller's thread would hang under the caller's span, not the generation's. So
    // the parent is made current just while the call starts (the scope closes at once).
    parent.scoped((Runnable) observation::start);
    return observation;
  }

  @Override
  public void callFinished(Object callContext, CallEnd end) {
    if (!(callContext instanceof Observation)) {
      return;
    }
    Observation observation = (Observation) callContext;
    if (observation.getContext() instanceof CallObservationContext) {
      ((CallObservationContext) observation.getContext()).end(end);
    }
    end.failure().ifPresent(observation::error);
    observation.stop();
  }
}
