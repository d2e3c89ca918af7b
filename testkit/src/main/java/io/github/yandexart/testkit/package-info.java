/**
 * Test support for yandexart-java: a stateful in-memory fake of the service ({@link
 * io.github.yandexart.testkit.FakeImageGenerator} over an {@link
 * io.github.yandexart.testkit.InMemoryOperationStore}) with scripted {@link
 * io.github.yandexart.testkit.Outcome}s, fault injection and recorded calls; a virtual-time {@link
 * io.github.yandexart.testkit.VirtualScheduler}; a JUnit 5 extension ({@link
 * io.github.yandexart.testkit.FakeImageGeneratorExtension}); AssertJ assertions ({@link
 * io.github.yandexart.testkit.FakeAssertions}); and the contract suite every transport passes ({@link
 * io.github.yandexart.testkit.ImageGeneratorContract}).
 *
 * <pre>{@code
 * FakeImageGenerator fake = FakeImageGenerator.create();
 * try (YandexArtClient client = YandexArtClient.create(fake)) {
 *   GeneratedImage image = client.generate(ImageGenerationRequest.of(ModelUri.of("b1gtest"), "a red cat"));
 * }
 * FakeAssertions.assertThat(fake).submittedOnce();
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise, and thread-safe unless it is a
 * builder. JUnit 5 and AssertJ are optional dependencies: only the extension, the assertions and the
 * contract suite need them.
 */
package io.github.yandexart.testkit;
