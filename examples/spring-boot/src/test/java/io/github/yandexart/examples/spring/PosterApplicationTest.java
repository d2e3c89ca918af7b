package io.github.yandexart.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.micrometer.YandexArtMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application against the embedded emulator over real REST sockets: one poster, then the
 * metrics it left in the application's MeterRegistry.
 */
@SpringBootTest(properties = {"yandexart.api-key=emulator-key", "yandexart.folder-id=b1gexample",
    "yandexart.transport=rest", "yandexart.wait.initial-delay=50ms", "yandexart.wait.jitter=0"})
class PosterApplicationTest {
  static final YandexArtEmulator EMULATOR = YandexArtEmulator.builder().build().start();

  @DynamicPropertySource
  static void emulatorEndpoint(DynamicPropertyRegistry registry) {
    registry.add("yandexart.endpoint", () -> EMULATOR.restEndpoint().toString());
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @Autowired PosterService posters;
  @Autowired MeterRegistry meters;

  @Test
  void onePosterAgainstTheEmulatorLeavesItsMetrics() {
    GeneratedImage image = posters.poster("a red cat");

    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(EMULATOR.store().submittedRequests()).singleElement()
        .satisfies(r -> assertThat(r.modelUri()).hasValueSatisfying(m -> assertThat(m.toString())
            .isEqualTo("art://b1gexample/yandex-art/latest")));
    assertThat(meters.get(YandexArtMetrics.GENERATIONS)
        .tags("transport", "rest", "kind", "generate", "outcome", "succeeded").timer().count()).isEqualTo(1);
    assertThat(meters.get(YandexArtMetrics.CALLS)
        .tags("transport", "rest", "method", "submit", "status", "OK").timer().count()).isEqualTo(1);
    assertThat((double) meters.get(YandexArtMetrics.CALLS)
        .tags("transport", "rest", "method", "get", "status", "OK").timer().count())
        .isEqualTo(meters.get(YandexArtMetrics.POLLS).counter().count()).isPositive();
    assertThat(meters.get(YandexArtMetrics.ACTIVE).gauge().value()).isZero();
    assertThat(meters.get("yandexart.generation").timer().count())
        .as("the observation's timer, from Spring Boot's meter observation handler").isEqualTo(1);

    System.out.println(describe(meters));
  }

  /** One line per yandexart meter: name, tags, measurements. */
  static String describe(MeterRegistry meters) {
    return meters.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("yandexart."))
        .sorted(Comparator.comparing((Meter m) -> m.getId().getName()).thenComparing(m -> m.getId().getTags().toString()))
        .map(m -> m.getId().getType().name().toLowerCase() + " " + m.getId().getName() + " "
            + m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(",", "{", "}"))
            + " " + StreamSupport.stream(m.measure().spliterator(), false)
                .map(x -> x.getStatistic().name().toLowerCase() + "=" + x.getValue()).collect(Collectors.joining(" ")))
        .collect(Collectors.joining("\n", "yandexart metrics after one generation:\n", ""));
  }
}
