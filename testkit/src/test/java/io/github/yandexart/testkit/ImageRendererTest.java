package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRendererTest {
  private static ImageGenerationRequest request(String prompt, ImageGenerationOptions options) {
    return ImageGenerationRequest.builder().modelUri(ModelUri.of("b1grender")).addMessage(prompt).options(options).build();
  }

  private static ImageGenerationRequest request(String prompt) {
    return request(prompt, ImageGenerationOptions.defaults());
  }

  private static ImageGenerationOptions.Builder options() {
    return ImageGenerationOptions.builder();
  }

  private static String formatOf(GeneratedImage image) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(image.inputStream())) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        return reader.getFormatName().toLowerCase();
      } finally {
        reader.dispose();
      }
    }
  }

  private static BufferedImage decode(GeneratedImage image) throws IOException {
    BufferedImage decoded = ImageIO.read(image.inputStream());
    assertThat(decoded).as("the bytes decode as an image").isNotNull();
    return decoded;
  }

  @Test
  void fullSizeImageIsAJpegOf1024By1024ByDefault() throws IOException {
    GeneratedImage image = ImageRenderer.fullSize().render(request("a red cat"));
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(formatOf(image)).isEqualTo("jpeg");
    BufferedImage decoded = decode(image);
    assertThat(decoded.getWidth()).isEqualTo(1024);
    assertThat(decoded.getHeight()).isEqualTo(1024);
    assertThat(image.modelVersion()).contains(FakeImageGenerator.MODEL_VERSION);
  }

  @Test
  void pngIsDrawnWhenTheRequestAsksForIt() throws IOException {
    GeneratedImage image = ImageRenderer.small().render(request("a red cat", options().mimeType("image/png").build()));
    assertThat(image.mimeType()).isEqualTo("image/png");
    assertThat(formatOf(image)).isEqualTo("png");
    assertThat(decode(image).getWidth()).isEqualTo(64);
  }

  @Test
  void otherMimeTypesGetAJpeg() {
    GeneratedImage image = ImageRenderer.small().render(request("a red cat", options().mimeType("image/webp").build()));
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
  }

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({"1, 1", "16, 9", "9, 16", "2, 1", "1, 2", "4, 3", "3, 2", "21, 9"})
  void sizeFollowsTheAspectRatioAtAboutTheSquaresPixelCount(long w, long h) {
    ImageRenderer.Size size = ImageRenderer.fullSize().size(AspectRatio.of(w, h));
    assertThat((double) size.width() / size.height()).isCloseTo((double) w / h, within(0.01 * w / h));
    assertThat((double) size.width() * size.height()).isCloseTo(1024.0 * 1024, within(1024.0 * 1024 * 0.01));
  }

  @Test
  void sixteenByNineIs1365By768AndTheImageHasThatSize() throws IOException {
    assertThat(ImageRenderer.fullSize().size(AspectRatio.of(16, 9))).isEqualTo(new ImageRenderer.Size(1365, 768));
    BufferedImage decoded = decode(ImageRenderer.fullSize().render(request("wide", options()
        .aspectRatio(AspectRatio.of(16, 9)).build())));
    assertThat(decoded.getWidth()).isEqualTo(1365);
    assertThat(decoded.getHeight()).isEqualTo(768);
  }

  @Test
  void extremeRatiosAreCutOffAtEightTimesTheSide() {
    assertThat(ImageRenderer.fullSize().size(AspectRatio.of(1000, 1))).isEqualTo(new ImageRenderer.Size(8192, 32));
    assertThat(ImageRenderer.fullSize().size(AspectRatio.of(1, Long.MAX_VALUE))).isEqualTo(new ImageRenderer.Size(1, 8192));
    assertThat(ImageRenderer.small().size(AspectRatio.of(Long.MAX_VALUE, 1))).isEqualTo(new ImageRenderer.Size(512, 1));
  }

  @Test
  void sameRequestGivesTheSameBytes() {
    ImageGenerationRequest r = request("a lighthouse", options().seed(42).aspectRatio(AspectRatio.of(3, 2)).build());
    assertThat(ImageRenderer.small().render(r).bytes())
        .isEqualTo(ImageRenderer.small().render(request("a lighthouse", options().seed(42)
            .aspectRatio(AspectRatio.of(3, 2)).build())).bytes());
  }

  @Test
  void promptSeedWeightAndOptionsEachChangeTheBytes() {
    ImageGenerationOptions base = options().seed(42).build();
    List<ImageGenerationRequest> variants = List.of(
        request("a lighthouse", base),
        request("a lighthouse!", base),
        request("a lighthouse", options().seed(43).build()),
        request("a lighthouse", options().build()),
        request("a lighthouse", options().seed(42).aspectRatio(AspectRatio.of(1, 1)).build()),
        request("a lighthouse", options().seed(42).mimeType("image/jpeg").build()),
        ImageGenerationRequest.builder().modelUri(ModelUri.of("b1grender")).addMessage("a lighthouse", 0.5)
            .options(base).build(),
        ImageGenerationRequest.builder().modelUri(ModelUri.of("b1grender")).addMessage("a lighthouse")
            .addMessage("fog", -1).options(base).build());
    Set<List<Byte>> distinct = variants.stream()
        .map(r -> ImageRenderer.small().render(r).bytes())
        .map(b -> {
          Byte[] boxed = new Byte[b.length];
          for (int i = 0; i < b.length; i++) {
            boxed[i] = b[i];
          }
          return List.of(boxed);
        })
        .collect(Collectors.toSet());
    assertThat(distinct).hasSize(variants.size());
  }

  @Test
  void smallModeDrawsAbout64PixelsASideInAFewKilobytes() throws IOException {
    ImageGenerationRequest r = request("a red cat", options().seed(1).build());
    GeneratedImage small = ImageRenderer.small().render(r);
    BufferedImage decoded = decode(small);
    assertThat(decoded.getWidth()).isEqualTo(64);
    assertThat(decoded.getHeight()).isEqualTo(64);
    assertThat(small.size()).isLessThan(8 * 1024);
    assertThat(ImageRenderer.small().size(AspectRatio.of(16, 9))).isEqualTo(new ImageRenderer.Size(85, 48));
    assertThat(ImageRenderer.fullSize().render(r).size()).isGreaterThan(small.size() * 10);
  }

  @Test
  void storeRendersSmallImagesWhenAskedAndFullSizeByDefault() throws IOException {
    ImageGenerationRequest r = request("a red cat");
    InMemoryOperationStore small = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0)).build();
    InMemoryOperationStore full = InMemoryOperationStore.builder()
        .defaultOutcome(Outcome.succeedAfterReads(0)).build();
    assertThat(decode(small.submit(r).image().orElseThrow()).getWidth()).isEqualTo(64);
    assertThat(decode(full.submit(r).image().orElseThrow()).getWidth()).isEqualTo(1024);
  }

  @ParameterizedTest
  @CsvSource({"image/jpeg", "image/png"})
  void rendersInMemoryWithoutTheTemporaryFileImageIoWouldUse(String mimeType) throws IOException {
    Path cache = Files.createTempDirectory("imageio-cache");
    File cacheBefore = ImageIO.getCacheDirectory();
    boolean useCacheBefore = ImageIO.getUseCache();
    FileTime longAgo = FileTime.fromMillis(0);
    try {
      ImageIO.setUseCache(true);
      ImageIO.setCacheDirectory(cache.toFile());
      Files.setLastModifiedTime(cache, longAgo);

      GeneratedImage image = ImageRenderer.small().render(request("a red cat", options().mimeType(mimeType).build()));

      // a cache file, even one deleted at once, would have changed the directory's time
      assertThat(Files.getLastModifiedTime(cache)).isEqualTo(longAgo);
      assertThat(decode(image).getWidth()).isEqualTo(64);
    } finally {
      ImageIO.setCacheDirectory(cacheBefore);
      ImageIO.setUseCache(useCacheBefore);
      Files.delete(cache);
    }
  }
}
