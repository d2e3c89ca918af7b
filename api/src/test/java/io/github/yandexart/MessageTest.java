package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void messageOfTextHasWeightOne() {
    Message m = Message.of("a red cat");
    assertThat(m.text()).isEqualTo("a red cat");
    assertThat(m.weight()).isEqualTo(1.0);
  }

  @Test
  void negativeWeightIsAllowedForNegativePrompts() {
    assertThat(Message.of("blurry", -0.5).weight()).isEqualTo(-0.5);
  }

  @Test
  void blankTextIsRefusedWithAHint() {
    assertThatThrownBy(() -> Message.of(" \t\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message text is blank: give the prompt some words");
    assertThatThrownBy(() -> Message.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void textOfExactly500CharactersIsAccepted() {
    assertThat(Message.of("a".repeat(500)).text()).hasSize(500);
  }

  @Test
  void textOver500CharactersIsRefusedSayingHowLongItIsAndTheLimit() {
    assertThatThrownBy(() -> Message.of("a".repeat(501)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message text is 501 characters long; the service accepts at most 500:"
            + " shorten it or split it into several messages");
  }

  @Test
  void nonFiniteWeightsAreRefused() {
    for (double weight : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> Message.of("cat", weight))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("message weight is " + weight + ": use a finite number (1 is the usual weight)");
    }
  }

  @Test
  void nullTextIsANullPointerNamingTheArgument() {
    assertThatThrownBy(() -> Message.of(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
  }

  @Test
  void equalMessagesHaveEqualHashCodes() {
    assertThat(Message.of("cat", 2)).isEqualTo(Message.of("cat", 2)).hasSameHashCodeAs(Message.of("cat", 2));
    assertThat(Message.of("cat", 2)).isNotEqualTo(Message.of("cat", 1)).isNotEqualTo(Message.of("dog", 2));
    assertThat(Message.of("cat")).isNotEqualTo("cat");
  }

  @Test
  void toStringShortensLongTexts() {
    String text = "x".repeat(400);
    assertThat(Message.of(text).toString()).hasSizeLessThan(100).contains("...");
  }
}
