/**
 * The transport-neutral API of yandexart-java: request and result values, the {@link
 * io.github.yandexart.ImageGenerator} seam, discovery, the {@link io.github.yandexart.YandexArtClient}
 * with its wait engine, errors and credentials.
 *
 * <pre>{@code
 * try (YandexArtClient client = YandexArtClient.create(ClientConfig.fromEnvironment())) {
 *   GeneratedImage image = client.generate(
 *       ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat"));
 *   image.writeTo(Path.of("cat.jpeg"));
 * }
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise: absent values are empty {@link
 * java.util.Optional}s. Values are immutable and thread-safe. This package has no dependency beyond
 * the JDK.
 */
package io.github.yandexart;
