package io.github.yandexart.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.micrometer.YandexArtMetrics;
import io.github.yandexart.micrometer.YandexArtObservations;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

/** The README's Micrometer section: the observers added by hand, without Spring. */
class MicrometerWithoutSpringTest {
  @Test
  void theObserversAddedByHandRecordAGeneration() {
    FakeImageGenerator fake = FakeImageGenerator.create();
    fake.store().setDefaultOutcome(Outcome.succeedAfterReads(0));
    ImageGenerator generator = fake;   // ImageGenerators.create(config) in production
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    ObservationRegistry observationRegistry = ObservationRegistry.create();
    // README: micrometer
    YandexArtClient client = YandexArtClient.builder()
        .generator(generator)
        .addObserver(new YandexArtMetrics(meterRegistry))               // yandexart.* meters
        .addObserver(new YandexArtObservations(observationRegistry))    // spans, with a tracing bridge
        .build();
    // README: end
    try (client) {
      client.generate(ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat"));
    }
    assertThat(meterRegistry.get(YandexArtMetrics.GENERATIONS).timer().count()).isEqualTo(1);
  }
}
