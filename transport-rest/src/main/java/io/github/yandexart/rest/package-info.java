/**
 * The REST transport of yandexart-java: {@link io.github.yandexart.rest.RestImageGeneratorProvider},
 * found by {@link io.github.yandexart.ImageGenerators} under the name {@code "rest"}.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *     .credentials(Credentials.apiKey(System.getenv("YC_API_KEY")))
 *     .transport("rest")
 *     .build();
 * try (YandexArtClient client = YandexArtClient.create(config)) {
 *   client.generate(ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat"))
 *       .writeTo(Path.of("cat.jpeg"));
 * }
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise. The implementation lives in {@code
 * io.github.yandexart.rest.internal}, which is not API.
 */
package io.github.yandexart.rest;
