/**
 * Spring Boot auto-configuration for yandexart-java: {@link
 * io.github.yandexart.spring.YandexArtAutoConfiguration} with its {@code yandexart.*} {@link
 * io.github.yandexart.spring.YandexArtProperties}, and {@link
 * io.github.yandexart.spring.YandexArtMicrometerAutoConfiguration}.
 */
package io.github.yandexart.spring;
