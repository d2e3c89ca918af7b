package io.github.yandexart.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@code yandexart.generation} observations; implement it to change them
 * (see {@link DefaultGenerationObservationConvention} for the defaults).
 */
public interface GenerationObservationConvention extends ObservationConvention<GenerationObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof GenerationObservationContext;
  }
}
