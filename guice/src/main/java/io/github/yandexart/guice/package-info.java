/**
 * Guice wiring for yandexart-java: {@link io.github.yandexart.guice.YandexArtModule} for
 * applications, {@link io.github.yandexart.guice.YandexArtTestingModule} to swap in a fake.
 */
package io.github.yandexart.guice;
