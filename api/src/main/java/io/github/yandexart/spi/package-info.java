/**
 * Service-provider interfaces: transports ({@link io.github.yandexart.spi.ImageGeneratorProvider}),
 * credential sources ({@link io.github.yandexart.spi.CredentialsProvider}) and the wait engine's
 * {@link io.github.yandexart.spi.Scheduler}. Application code rarely needs this package.
 */
package io.github.yandexart.spi;
