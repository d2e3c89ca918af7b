package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, run against the fake. */
class QuickStartTest {
  @TempDir
  Path dir;

  @Test
  void quickStartWritesAJpeg() throws Exception {
    Path file = dir.resolve("cat.jpeg");
    // README: quick start
    FakeImageGenerator fake = FakeImageGenerator.create();       // or ImageGenerators.create(config)
    fake.store().setDefaultOutcome(Outcome.succeedAfterReads(1)); // the fake's script: done on the first read

    try (YandexArtClient client = YandexArtClient.create(fake)) {
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat");
      GeneratedImage image = client.generate(request);            // submit, wait, decode
      image.writeTo(file);
    }
    // README: end

    assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
    assertThat(fake.submittedRequests()).hasSize(1);
  }
}
