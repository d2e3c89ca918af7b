package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedImageTest {
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0};

  @Test
  void mimeTypeIsReadFromTheBytes() {
    assertThat(GeneratedImage.of(JPEG, null).mimeType()).isEqualTo("image/jpeg");
    assertThat(GeneratedImage.of(PNG, null).mimeType()).isEqualTo("image/png");
    assertThat(GeneratedImage.of(new byte[] {1, 2, 3}, null).mimeType()).isEqualTo("application/octet-stream");
    assertThat(GeneratedImage.of(new byte[0], null).mimeType()).isEqualTo("application/octet-stream");
  }

  @Test
  void anEmptyModelVersionIsAbsent() {
    assertThat(GeneratedImage.of(JPEG, "").modelVersion()).isEmpty();
    assertThat(GeneratedImage.of(JPEG, null).modelVersion()).isEmpty();
    assertThat(GeneratedImage.of(JPEG, "v2").modelVersion()).hasValue("v2");
  }

  @Test
  void ofCopiesTheBytesAndBytesReturnsACopy() {
    byte[] source = JPEG.clone();
    GeneratedImage image = GeneratedImage.of(source, null);
    source[4] = 99;
    assertThat(image.bytes()).isEqualTo(JPEG);
    image.bytes()[4] = 42;
    assertThat(image.bytes()).isEqualTo(JPEG);
    assertThat(image.size()).isEqualTo(JPEG.length);
  }

  @Test
  void wrapTakesTheArrayWithoutCopying() {
    byte[] source = JPEG.clone();
    GeneratedImage image = GeneratedImage.wrap(source, null);
    source[4] = 99;
    assertThat(image.bytes()[4]).isEqualTo((byte) 99);
  }

  @Test
  void inputStreamReadsTheImage() throws Exception {
    assertThat(GeneratedImage.of(PNG, null).inputStream().readAllBytes()).isEqualTo(PNG);
  }

  @Test
  void writeToReplacesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cat.jpeg");
    Files.write(file, new byte[100]);
    assertThat(GeneratedImage.of(JPEG, null).writeTo(file)).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(JPEG);
  }

  @Test
  void writeToANonexistentDirectoryFailsNamingTheFile(@TempDir Path dir) {
    Path file = dir.resolve("missing").resolve("cat.jpeg");
    assertThatThrownBy(() -> GeneratedImage.of(JPEG, null).writeTo(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could not write the image to " + file);
  }

  @Test
  void equalImagesHaveEqualHashCodes() {
    assertThat(GeneratedImage.of(JPEG, "v")).isEqualTo(GeneratedImage.of(JPEG.clone(), "v"))
        .hasSameHashCodeAs(GeneratedImage.of(JPEG.clone(), "v"));
    assertThat(GeneratedImage.of(JPEG, "v")).isNotEqualTo(GeneratedImage.of(JPEG, "w"));
    assertThat(GeneratedImage.of(JPEG, "v")).isNotEqualTo(GeneratedImage.of(PNG, "v"));
  }

  @Test
  void toStringGivesTypeAndSizeNotBytes() {
    assertThat(GeneratedImage.of(JPEG, "v3")).hasToString("GeneratedImage{image/jpeg, 6 bytes, modelVersion=v3}");
  }

  @Test
  void aWrappedPrefixIsTheImageAndNothingAfterIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    byte[] buffer = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 99, 99, 99};
    GeneratedImage image = GeneratedImage.wrap(buffer, 5, "v1");

    assertThat(image.size()).isEqualTo(5);
    assertThat(image.bytes()).containsExactly(0xff, 0xd8, 0xff, 1, 2);
    assertThat(image.inputStream().readAllBytes()).containsExactly(0xff, 0xd8, 0xff, 1, 2);
    assertThat(java.nio.file.Files.readAllBytes(image.writeTo(dir.resolve("x.jpeg"))))
        .containsExactly(0xff, 0xd8, 0xff, 1, 2);
    assertThat(image).isEqualTo(GeneratedImage.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2}, "v1"))
        .hasSameHashCodeAs(GeneratedImage.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2}, "v1"));
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeneratedImage.wrap(buffer, 9, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anImageTakenFromAnOperationCarriesItsIdAndModelVersion() {
    Operation op = Operation.builder("fbvimage").done(true).image(GeneratedImage.of(JPEG, "v2")).build();
    GeneratedImage image = op.image().orElseThrow();
    assertThat(image.operationId()).hasValue("fbvimage");
    assertThat(image.modelVersion()).hasValue("v2");
    assertThat(image.toString()).contains("operationId=fbvimage");
    assertThat(GeneratedImage.of(JPEG, "v2").operationId()).isEmpty();
    assertThat(image).as("equality is by content").isEqualTo(GeneratedImage.of(JPEG, "v2"));
    assertThat(image.withOperationId("fbvimage")).isSameAs(image);
  }
}
