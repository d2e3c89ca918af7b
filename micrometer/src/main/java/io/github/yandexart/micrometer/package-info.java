/**
 * Micrometer instrumentation of yandexart-java on the api's {@link io.github.yandexart.ClientObserver}
 * hook: {@link io.github.yandexart.micrometer.YandexArtMetrics} for meters and {@link
 * io.github.yandexart.micrometer.YandexArtObservations} for observations (and through them, traces).
 *
 * <p>Everything here is non-null unless documented otherwise, and thread-safe.
 */
package io.github.yandexart.micrometer;
