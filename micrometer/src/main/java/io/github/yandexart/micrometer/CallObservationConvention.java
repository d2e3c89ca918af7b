package io.github.yandexart.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@code yandexart.call} observations; implement it to change them (see
 * {@link DefaultCallObservationConvention} for the defaults).
 */
public interface CallObservationConvention extends ObservationConvention<CallObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof CallObservationContext;
  }
}
