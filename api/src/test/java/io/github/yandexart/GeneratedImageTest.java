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

  @Test
  void anImageInBlocksIsTheSameImageAsOneArray(@TempDir Path dir) throws Exception {
    // a PNG signature split over blocks (the first shorter than the signature), with unused tails and
    // an empty block, as a transport that decoded a reply of unknown length hands them over
    byte[] whole = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1, 2, 3, 4};
    java.util.List<byte[]> blocks = java.util.List.of(new byte[] {(byte) 0x89, 'P', 'N', 99},
        new byte[] {'G', '\r', '\n', 0x1a, '\n', 0, 99, 99}, new byte[4], new byte[] {1, 2, 3, 4});
    GeneratedImage image = GeneratedImage.wrap(blocks, new int[] {3, 6, 0, 4}, "v1");

    assertThat(image.size()).isEqualTo(whole.length);
    assertThat(image.mimeType()).isEqualTo("image/png");
    assertThat(image.bytes()).containsExactly(whole);
    assertThat(image.inputStream().readAllBytes()).containsExactly(whole);
    assertThat(Files.readAllBytes(image.writeTo(dir.resolve("x.png")))).containsExactly(whole);
    GeneratedImage array = GeneratedImage.of(whole, "v1");
    assertThat(image).isEqualTo(array).hasSameHashCodeAs(array);
    assertThat(array).isEqualTo(image);
    assertThat(image.withOperationId("op1").bytes()).containsExactly(whole);

    // split differently: still equal; one byte different, in any block: not equal
    GeneratedImage resplit = GeneratedImage.wrap(java.util.List.of(java.util.Arrays.copyOf(whole, 7),
        java.util.Arrays.copyOfRange(whole, 7, 13)), new int[] {7, 6}, "v1");
    assertThat(resplit).isEqualTo(image).hasSameHashCodeAs(image);
    for (int i = 0; i < whole.length; i++) {
      byte[] changed = whole.clone();
      changed[i]++;
      assertThat(GeneratedImage.wrap(java.util.List.of(java.util.Arrays.copyOf(changed, 5),
          java.util.Arrays.copyOfRange(changed, 5, 13)), new int[] {5, 8}, "v1")).as("byte %d", i).isNotEqualTo(image);
    }
  }

  @Test
  void blocksAndLengthsThatDoNotMatchAreRefused() {
    assertThatThrownBy(() -> GeneratedImage.wrap(java.util.List.of(new byte[2]), new int[] {1, 1}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 blocks and 2 lengths");
    assertThatThrownBy(() -> GeneratedImage.wrap(java.util.List.of(new byte[2]), new int[] {3}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside block 0 of 2 bytes");
    assertThatThrownBy(() -> GeneratedImage.wrap(java.util.List.of(new byte[2]), new int[] {-1}, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
