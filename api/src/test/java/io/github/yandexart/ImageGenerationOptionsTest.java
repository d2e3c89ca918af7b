package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageGenerationOptionsTest {

  @Test
  void defaultsLeaveEveryOptionAbsent() {
    ImageGenerationOptions o = ImageGenerationOptions.defaults();
    assertThat(o.mimeType()).isEmpty();
    assertThat(o.seed()).isEmpty();
    assertThat(o.aspectRatio()).isEmpty();
    assertThat(ImageGenerationOptions.builder().build()).isEqualTo(o);
  }

  @Test
  void keepsWhatWasSet() {
    ImageGenerationOptions o = ImageGenerationOptions.builder()
        .mimeType("image/jpeg").seed(0).aspectRatio(AspectRatio.of(16, 9)).build();
    assertThat(o.mimeType()).hasValue("image/jpeg");
    assertThat(o.seed()).hasValue(0);
    assertThat(o.aspectRatio()).hasValue(AspectRatio.of(16, 9));
  }

  @Test
  void largestSeedIsAccepted() {
    assertThat(ImageGenerationOptions.builder().seed(Long.MAX_VALUE).build().seed()).hasValue(Long.MAX_VALUE);
  }

  @Test
  void negativeSeedIsRefusedNamingTheRange() {
    assertThatThrownBy(() -> ImageGenerationOptions.builder().seed(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed -1 is negative: use a number from 0 to 9223372036854775807");
  }

  @Test
  void malformedMimeTypesAreRefusedWithAnExample() {
    for (String bad : new String[] {"jpeg", "image/", "/jpeg", "image jpeg", "", "image/jp eg"}) {
      assertThatThrownBy(() -> ImageGenerationOptions.builder().mimeType(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("MIME type \"" + bad + "\" is malformed: write type/subtype, such as image/jpeg");
    }
  }

  @Test
  void nullAndRandomSeedUnsetOptions() {
    ImageGenerationOptions o = ImageGenerationOptions.builder()
        .mimeType("image/png").seed(5).aspectRatio(AspectRatio.SQUARE).build().toBuilder()
        .mimeType(null).randomSeed().aspectRatio(null).build();
    assertThat(o).isEqualTo(ImageGenerationOptions.defaults());
  }

  @Test
  void toBuilderCopiesEveryOption() {
    ImageGenerationOptions o = ImageGenerationOptions.builder()
        .mimeType("image/jpeg").seed(9).aspectRatio(AspectRatio.of(3, 2)).build();
    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
  }

  @Test
  void optionsDifferingInAnyFieldAreNotEqual() {
    ImageGenerationOptions o = ImageGenerationOptions.builder().mimeType("image/jpeg").seed(9).build();
    assertThat(o).isNotEqualTo(o.toBuilder().seed(8).build());
    assertThat(o).isNotEqualTo(o.toBuilder().mimeType("image/png").build());
    assertThat(o).isNotEqualTo(o.toBuilder().aspectRatio(AspectRatio.SQUARE).build());
  }
}
