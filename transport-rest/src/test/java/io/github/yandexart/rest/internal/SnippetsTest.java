package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SnippetsTest {
  private static String of(String body) {
    return of(body, null);
  }

  private static String of(String body, String authorization) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return Snippets.of(bytes, bytes.length, authorization);
  }

  @Test
  void shortBodiesAreShownWithWhitespaceCollapsed() {
    assertThat(of("<html>\n  <body>502 Bad Gateway</body>\n</html>"))
        .isEqualTo("<html> <body>502 Bad Gateway</body> </html>");
  }

  @Test
  void longBodiesAreCutToTwoHundredCharacters() {
    String snippet = of("x ".repeat(5000));
    assertThat(snippet).hasSizeLessThanOrEqualTo(Snippets.MAX_LENGTH + 1).endsWith("…");
  }

  @Test
  void base64RunsAreElidedSoNoImageDataLeaks() {
    String image = Base64.getEncoder().encodeToString(new byte[3000]).replace('A', 'Q');
    String snippet = of("{\"response\":{\"image\":\"" + image + "\"}, broken");
    assertThat(snippet).doesNotContain(image.substring(0, 64)).contains("characters of base64>");
  }

  @Test
  void binaryBodiesAreDescribedNotShown() {
    byte[] jpeg = new byte[500];
    jpeg[0] = (byte) 0xff;
    jpeg[1] = (byte) 0xd8;
    for (int i = 2; i < jpeg.length; i++) {
      jpeg[i] = (byte) (i % 7);
    }
    assertThat(Snippets.of(jpeg, jpeg.length, null)).isEqualTo("(500 bytes of binary data)");
  }

  @Test
  void theCallsSecretsAreRedacted() {
    assertThat(of("echo: Authorization: Api-Key AQVNsecretvalue; bare AQVNsecretvalue", "Api-Key AQVNsecretvalue"))
        .isEqualTo("echo: Authorization: <redacted>; bare <redacted>")
        .doesNotContain("AQVNsecretvalue");
    assertThat(of("someone else's: Bearer t1.other", null)).isEqualTo("someone else's: Bearer <redacted>");
  }
}
