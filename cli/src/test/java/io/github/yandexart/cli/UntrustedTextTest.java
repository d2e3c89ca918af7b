package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UntrustedTextTest {
  @Test
  void controlCharactersBecomeVisibleEscapes() {
    assertThat(Untrusted.clean("plain, with ünïcödé and emoji \uD83D\uDC31")).isEqualTo("plain, with ünïcödé and emoji \uD83D\uDC31");
    assertThat(Untrusted.clean("a\u001b[31mb\r\nc\td\u0000e\u007ff\u0085g\u009bh\u202ei\u2028"))
        .isEqualTo("a\\x1B[31mb\\r\\nc\\td\\x00e\\x7Ff\\x85g\\x9Bh\\u202Ei\\u2028");
  }

  @Test
  void shellWordsAreQuotedWhenTheyHoldAnythingOutsideTheSafeSet() {
    assertThat(Shell.quote("fbv0123abc")).isEqualTo("fbv0123abc");
    assertThat(Shell.quote("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    assertThat(Shell.quote("a b")).isEqualTo("'a b'");
    assertThat(Shell.quote("it's $(rm -rf ~)")).isEqualTo("'it'\\''s $(rm -rf ~)'");
    assertThat(Shell.quote("")).isEqualTo("''");
    assertThat(Shell.quote("a\nb'c")).isEqualTo("$'a\\x0Ab\\'c'");
    assertThat(Shell.resume("wait", "-rf", null)).isEqualTo("yandexart wait -- -rf");
  }

  @Test
  void fileStemsFromIdsArePlainBoundedAndDistinct() {
    assertThat(ImageFile.stem("fbv00000000000000001")).isEqualTo("fbv00000000000000001");
    for (String id : new String[] {"..", ".", "../../x", "/etc/passwd", ".bashrc", "a\u0000b", "x".repeat(500), "",
        "c:\\windows", "семь"}) {
      String stem = ImageFile.stem(id);
      assertThat(stem).as(id).matches("[A-Za-z0-9_-][A-Za-z0-9._-]*").hasSizeLessThanOrEqualTo(ImageFile.MAX_STEM)
          .isNotEqualTo(id);
    }
    assertThat(ImageFile.stem("a/b")).isNotEqualTo(ImageFile.stem("a_b")).isNotEqualTo(ImageFile.stem("a?b"));
  }

  @Test
  void libraryMessagesAreReworded() {
    assertThat(YandexArtCli.inCliWords("no answer within PT0.299980792S; it may still take effect"))
        .isEqualTo("no answer within 0.3s; it may still take effect");
    assertThat(YandexArtCli.inCliWords("waited PT1M5S, more than the 9.7s left of the total budget"))
        .isEqualTo("waited 1m05s, more than the 9.7s left of the total budget (--timeout)");
    assertThat(YandexArtCli.inCliWords("PTX and SPT1S stay")).isEqualTo("PTX and SPT1S stay");
  }

  @Test
  void durationsArePrintedRounded() {
    assertThat(Durations.format(Duration.ofNanos(3_000_996_355L))).isEqualTo("3.0s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("0.3s");
    assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("24h00m");
  }
}
