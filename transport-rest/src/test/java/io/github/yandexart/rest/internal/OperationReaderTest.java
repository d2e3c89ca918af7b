package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import io.github.yandexart.spi.ImageSinkWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader that takes the image out of a body as it arrives, fed in every chunking. */
class OperationReaderTest {
  private static final byte[] IMAGE = image(70_000);
  private final WireJson json = new WireJson(64L << 20);

  private static byte[] image(int size) {
    byte[] b = new byte[size];
    new Random(7).nextBytes(b);
    b[0] = (byte) 0xff;
    b[1] = (byte) 0xd8;
    b[2] = (byte) 0xff;
    return b;
  }

  private static String body(String base64) {
    return "{\"id\":\"op1\",\"description\":\"a \\\"quoted\\\" {image}\",\"createdAt\":\"2024-05-01T12:34:56.789Z\","
        + "\"done\":true,\"metadata\":{\"image\":\"not this one\",\"response\":[\"nor\"]},"
        + "\"response\":{\"@type\":\"" + WireJson.IMAGE_RESPONSE_TYPE + "\",\"extra\":{\"image\":1},"
        + "\"image\":\"" + base64 + "\",\"modelVersion\":\"art-2\"}}";
  }

  private Operation read(String body, int chunk, boolean declared, ImageSinkWriter sink) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OperationReader reader = new OperationReader(json, declared ? bytes.length : -1, sink);
    for (int i = 0; i < bytes.length; i += chunk) {
      reader.feed(bytes, i, Math.min(chunk, bytes.length - i));
    }
    return reader.finish();
  }

  @ParameterizedTest(name = "chunks of {0}")
  @ValueSource(ints = {1, 2, 3, 5, 7, 4096, 1 << 20})
  void anyChunkingGivesTheImageAndTheRest(int chunk) throws IOException {
    for (boolean declared : new boolean[] {true, false}) {
      Operation op = read(body(Base64.getEncoder().encodeToString(IMAGE)), chunk, declared, null);

      assertThat(op.id()).isEqualTo("op1");
      assertThat(op.description()).isEqualTo("a \"quoted\" {image}");
      assertThat(op.createdAt()).contains(Instant.parse("2024-05-01T12:34:56.789Z"));
      GeneratedImage image = op.image().orElseThrow();
      assertThat(image.bytes()).isEqualTo(IMAGE);
      assertThat(image.modelVersion()).contains("art-2");
    }
  }

  @ParameterizedTest(name = "chunks of {0}")
  @ValueSource(ints = {1, 3, 4096})
  void theImageStreamsIntoASink(int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageSink sink = (id, mime) -> out;

    Operation op = read(body(Base64.getEncoder().encodeToString(IMAGE)), chunk, false, new ImageSinkWriter(sink, "op1"));

    GeneratedImage image = op.image().orElseThrow();
    assertThat(image.isStreamed()).isTrue();
    assertThat(image.size()).isEqualTo(IMAGE.length);
    assertThat(out.toByteArray()).isEqualTo(IMAGE);
  }

  @Test
  void urlSafeUnpaddedAndEscapedSlashesDecode() throws IOException {
    byte[] odd = java.util.Arrays.copyOf(IMAGE, 1000);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(odd);
    String escaped = Base64.getEncoder().encodeToString(odd).replace("/", "\\/").replace("A", "\\u0041");

    assertThat(read(body(urlSafe), 5, true, null).image().orElseThrow().bytes()).isEqualTo(odd);
    assertThat(read(body(escaped), 1, true, null).image().orElseThrow().bytes()).isEqualTo(odd);
  }

  @Test
  void anEscapedKeyIsLeftToJacksonAndStillDecodes() throws IOException {
    String body = "{\"id\":\"op1\",\"done\":true,\"response\":{\"imag\\u0065\":\""
        + Base64.getEncoder().encodeToString(IMAGE) + "\"}}";

    assertThat(read(body, 3, true, null).image().orElseThrow().bytes()).isEqualTo(IMAGE);
  }

  @Test
  void anEmptyImageIsNoImage() throws IOException {
    assertThat(read(body(""), 2, true, null).image()).isEmpty();
  }

  @Test
  void badBase64AndTwoImagesAreRefused() {
    assertThatThrownBy(() -> read(body("AAAA*AAA"), 4096, true, null))
        .isInstanceOf(WireJson.MalformedReplyException.class).hasMessageContaining("'*' at character 5");
    assertThatThrownBy(() -> read(body("AAAAA"), 4096, true, null))
        .isInstanceOf(WireJson.MalformedReplyException.class).hasMessageContaining("middle of a byte");
    assertThatThrownBy(() -> read("{\"id\":\"op1\",\"response\":{\"image\":\"AAAA\",\"image\":\"AAAA\"}}", 7, true, null))
        .isInstanceOf(WireJson.MalformedReplyException.class).hasMessageContaining("two images");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-05-01T12:34:56Z", "2024-05-01t12:34:56.1z", "2024-05-01T12:34:56.123456789+03:00",
      "1970-01-01T00:00:00-18:00", "2024-02-29T23:59:59.5+05:30"})
  void theFastTimestampParserAgreesWithTheFormatter(String text) {
    assertThat(WireJson.rfc3339(text)).isEqualTo(OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT)).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z",
      "2024-05-01T12:34:56.Z", "2024-05-01T12:34:56.1234567890Z", "2024-05-01T12:34:56", " 2024-05-01T12:34:56Z",
      "2024-05-01T12:34:56+19:00"})
  void theFastTimestampParserLeavesEverythingElseToTheFormatter(String text) {
    assertThat(WireJson.rfc3339(text)).isNull();
  }

  @Test
  void theDateArithmeticAgreesWithLocalDateOnEveryDayOfTenThousandYears() {
    for (java.time.LocalDate d = java.time.LocalDate.of(0, 1, 1); d.getYear() < 10_000; d = d.plusDays(1)) {
      if (WireJson.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
        throw new AssertionError(d + ": " + WireJson.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
      }
    }
    assertThat(WireJson.rfc3339("1900-02-29T00:00:00Z")).as("1900 was no leap year").isNull();
    assertThat(WireJson.rfc3339("2000-02-29T00:00:00Z")).isEqualTo(java.time.Instant.parse("2000-02-29T00:00:00Z"));
    assertThat(WireJson.rfc3339("2024-04-31T00:00:00Z")).isNull();
  }
}
