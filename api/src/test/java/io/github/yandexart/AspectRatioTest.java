package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AspectRatioTest {

  @Test
  void keepsBothParts() {
    AspectRatio r = AspectRatio.of(16, 9);
    assertThat(r.widthRatio()).isEqualTo(16);
    assertThat(r.heightRatio()).isEqualTo(9);
    assertThat(r).hasToString("16:9");
  }

  @Test
  void aPartBelowOneIsRefused() {
    assertThatThrownBy(() -> AspectRatio.of(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aspect ratio 0:1 has a part below 1: both parts must be positive integers, such as 16:9");
    assertThatThrownBy(() -> AspectRatio.of(4, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4:-3 has a part below 1");
  }

  @Test
  void parsesWidthColonHeight() {
    assertThat(AspectRatio.parse("16:9")).isEqualTo(AspectRatio.of(16, 9));
    assertThat(AspectRatio.parse(" 2 : 1 ")).isEqualTo(AspectRatio.of(2, 1));
  }

  @Test
  void parseRefusesOtherShapesWithTheExpectedForm() {
    assertThatThrownBy(() -> AspectRatio.parse("16x9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aspect ratio \"16x9\" is not of the form W:H, such as 16:9");
    assertThatThrownBy(() -> AspectRatio.parse("1:2:3")).hasMessageContaining("not of the form W:H");
    assertThatThrownBy(() -> AspectRatio.parse("a:b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aspect ratio \"a:b\" is not two whole numbers W:H, such as 16:9");
    assertThatThrownBy(() -> AspectRatio.parse("0:9")).hasMessageContaining("has a part below 1");
  }

  @Test
  void equalRatiosHaveEqualHashCodes() {
    assertThat(AspectRatio.of(2, 1)).isEqualTo(AspectRatio.parse("2:1")).hasSameHashCodeAs(AspectRatio.of(2, 1));
    assertThat(AspectRatio.of(2, 1)).isNotEqualTo(AspectRatio.of(1, 2));
    assertThat(AspectRatio.SQUARE).isEqualTo(AspectRatio.of(1, 1));
  }
}
