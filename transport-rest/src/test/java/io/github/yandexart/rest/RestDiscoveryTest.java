package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.spi.ImageGeneratorProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** With only this transport on the classpath, discovery finds it through its service file. */
class RestDiscoveryTest {

  @Test
  void theServiceFileRegistersTheProvider() {
    List<ImageGeneratorProvider> found = StreamSupport.stream(
            ServiceLoader.load(ImageGeneratorProvider.class).spliterator(), false)
        .collect(Collectors.toList());
    assertThat(found).extracting(p -> p.getClass().getName())
        .containsExactly(RestImageGeneratorProvider.class.getName());
    assertThat(found.get(0).name()).isEqualTo("rest");
    assertThat(found.get(0).priority()).isEqualTo(10);
    assertThat(found.get(0).isAvailable()).isTrue();
  }

  @Test
  void discoveryCreatesAWorkingRestGeneratorWithNoTransportNamed() {
    assertThat(ImageGenerators.providers()).extracting(ImageGeneratorProvider::name).containsExactly("rest");
    try (YandexArtEmulator emulator = TestSupport.startEmulator();
        ImageGenerator generator = ImageGenerators.create(config(emulator.restEndpoint()).build())) {
      assertThat(generator.getClass().getName()).isEqualTo("io.github.yandexart.rest.internal.RestImageGenerator");
      assertThat(result(generator.submit(request("found by discovery"))).id()).isNotBlank();
      assertThat(emulator.requests()).hasSize(1);
    }
  }

  @Test
  void discoveryFindsItByName() {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().build().start();
        ImageGenerator generator = ImageGenerators.create(config(emulator.restEndpoint()).transport("rest").build())) {
      assertThat(generator.getClass().getName()).endsWith(".RestImageGenerator");
    }
    assertThat(ImageGenerators.describe()).contains("rest (priority 10, available)", "chosen: rest");
  }
}
