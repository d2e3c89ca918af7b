package io.github.yandexart.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default names and key values of a generation's observation.
 *
 * <ul>
 *   <li>name {@value #NAME}; contextual name (the span's) {@code yandexart generate} or {@code
 *       yandexart await};
 *   <li>low cardinality: {@code transport}, {@code kind} ({@code generate}, {@code await}), and once
 *       it ended {@code outcome} (the lower-case {@link io.github.yandexart.ClientObserver.Outcome});
 *   <li>high cardinality (spans only, never meters): {@code yandexart.operation.id}, {@code
 *       yandexart.reads}.
 * </ul>
 */
public class DefaultGenerationObservationConvention implements GenerationObservationConvention {
  /** The observation's name. */
  public static final String NAME = "yandexart.generation";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(GenerationObservationContext context) {
    return "yandexart " + lower(context.start().kind());
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(GenerationObservationContext context) {
    KeyValues values = KeyValues.of(
        KeyValue.of("transport", context.start().transport()),
        KeyValue.of("kind", lower(context.start().kind())));
    return context.end().map(e -> values.and(KeyValue.of("outcome", lower(e.outcome())))).orElse(values);
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(GenerationObservationContext context) {
    KeyValues values = KeyValues.empty();
    if (context.operationId().isPresent()) {
      values = values.and(KeyValue.of("yandexart.operation.id", context.operationId().get()));
    }
    if (context.end().isPresent()) {
      values = values.and(KeyValue.of("yandexart.reads", Integer.toString(context.end().get().reads())));
    }
    return values;
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
