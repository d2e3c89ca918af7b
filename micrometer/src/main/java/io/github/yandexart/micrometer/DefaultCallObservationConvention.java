package io.github.yandexart.micrometer;

import static io.github.yandexart.micrometer.DefaultGenerationObservationConvention.lower;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of one call's observation.
 *
 * <ul>
 *   <li>name {@value #NAME}; contextual name (the span's) {@code yandexart submit}, {@code yandexart
 *       get} or {@code yandexart cancel};
 *   <li>low cardinality: {@code transport}, {@code method} ({@code submit}, {@code get}, {@code
 *       cancel}), and once it ended {@code status} (the {@link io.github.yandexart.StatusCode} name,
 *       {@code OK} for an answer) and {@code outcome} ({@code success}, {@code error});
 *   <li>high cardinality (spans only): {@code yandexart.operation.id}, {@code yandexart.attempt}.
 * </ul>
 */
public class DefaultCallObservationConvention implements CallObservationConvention {
  /** The observation's name. */
  public static final String NAME = "yandexart.call";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(CallObservationContext context) {
    return "yandexart " + lower(context.call().method());
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(CallObservationContext context) {
    KeyValues values = KeyValues.of(
        KeyValue.of("transport", context.call().transport()),
        KeyValue.of("method", lower(context.call().method())));
    return context.end().map(e -> values.and(KeyValue.of("status", e.status().name()),
        KeyValue.of("outcome", e.failure().isPresent() ? "error" : "success"))).orElse(values);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(CallObservationContext context) {
    KeyValues values = KeyValues.of(KeyValue.of("yandexart.attempt", Integer.toString(context.call().attempt())));
    if (context.operationId().isPresent()) {
      values = values.and(KeyValue.of("yandexart.operation.id", context.operationId().get()));
    }
    return values;
  }
}
