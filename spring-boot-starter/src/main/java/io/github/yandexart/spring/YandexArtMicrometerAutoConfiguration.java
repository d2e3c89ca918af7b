package io.github.yandexart.spring;

import io.github.yandexart.micrometer.YandexArtMetrics;
import io.github.yandexart.micrometer.YandexArtObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds yandexart-micrometer's observers to the client when yandexart-micrometer is on the classpath:
 * {@link YandexArtMetrics} when there is a {@link MeterRegistry} bean, {@link YandexArtObservations}
 * when there is an {@link ObservationRegistry} bean (Spring Boot's actuator makes both). Either
 * can be switched off: {@code yandexart.micrometer.metrics=false}, {@code
 * yandexart.micrometer.observations=false}.
 */
@AutoConfiguration(before = YandexArtAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({YandexArtMetrics.class, MeterRegistry.class})
public class YandexArtMicrometerAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnProperty(name = "yandexart.micrometer.metrics", havingValue = "true", matchIfMissing = true)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    YandexArtMetrics yandexArtMetrics(MeterRegistry registry) {
      return new YandexArtMetrics(registry);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnProperty(name = "yandexart.micrometer.observations", havingValue = "true", matchIfMissing = true)
  static class Observations {
    @Bean
    @ConditionalOnMissingBean
    YandexArtObservations yandexArtObservations(ObservationRegistry registry) {
      return new YandexArtObservations(registry);
    }
  }
}
