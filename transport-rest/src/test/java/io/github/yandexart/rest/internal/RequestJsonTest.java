package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import io.github.yandexart.ModelUri;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RequestJson} against Jackson's own generator, the writer it replaced, as the oracle. */
class RequestJsonTest {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Characters of every kind a writer treats apart. */
  private static final char[] KINDS = {'a', 'Z', '0', ' ', '~', '/', '"', '\\', '\u007f', '\u0000', '\u0001', '\b',
      '\t', '\n', '\u000b', '\f', '\r', '\u001f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u043a', '\u732b',
      '\ud7ff', '\ue000', '\ufffd', '\uffff', '\ud83d', '\ude00', '\udbff', '\udc00'};

  @Test
  void writesTheBytesJacksonsGeneratorWritesForAnyText() throws IOException {
    Random random = new Random(20261201);
    for (int i = 0; i < 2_000; i++) {
      ImageGenerationRequest.Builder b = ImageGenerationRequest.builder().modelUri(ModelUri.of("b1g" + i));
      int messages = 1 + random.nextInt(3);
      for (int m = 0; m < messages; m++) {
        b.addMessage(text(random), weight(random, m == 0));
      }
      ImageGenerationOptions.Builder o = ImageGenerationOptions.builder();
      if (random.nextBoolean()) {
        o.mimeType(random.nextBoolean() ? "image/jpeg" : "image/x-" + "a".repeat(random.nextInt(1000)));
      }
      if (random.nextBoolean()) {
        o.seed(random.nextBoolean() ? random.nextLong() & Long.MAX_VALUE : random.nextInt(100));
      }
      if (random.nextBoolean()) {
        o.aspectRatio(AspectRatio.of(1 + random.nextInt(Integer.MAX_VALUE), 1 + random.nextInt(9)));
      }
      ImageGenerationRequest request = b.options(o.build()).build();

      assertThat(new String(RequestJson.write(request), StandardCharsets.ISO_8859_1))
          .as("request %d", i)
          .isEqualTo(new String(withGenerator(request), StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void writesJsonThatReadsBackToTheSameText() throws IOException {
    String text = "a \"red\" cat\\dog\n\t\u0001 кот 猫 \ud83d\ude00 lone \ud83d and \ude00";
    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gexample"), text);
    assertThat(new ObjectMapper().readTree(RequestJson.write(request)).get("messages").get(0).get("text").asText())
        .isEqualTo(text);
  }

  private static String text(Random random) {
    StringBuilder s = new StringBuilder("x");
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : KINDS[random.nextInt(KINDS.length)]);
    }
    return s.toString();
  }

  private static double weight(Random random, boolean positive) {
    double w = switch (random.nextInt(5)) {
      case 0 -> 1;
      case 1 -> random.nextInt(1000);
      case 2 -> random.nextDouble();
      case 3 -> random.nextDouble() * 1e17;
      default -> random.nextDouble() * 1e-9;
    };
    return positive || random.nextBoolean() ? Math.max(w, Double.MIN_VALUE) : -w;
  }

  /** The writer this class replaced: a Jackson generator per request, defaults throughout. */
  private static byte[] withGenerator(ImageGenerationRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("modelUri", request.resolveModelUri(java.util.Optional.empty()).value());
      g.writeArrayFieldStart("messages");
      for (Message m : request.messages()) {
        g.writeStartObject();
        g.writeStringField("text", m.text());
        g.writeFieldName("weight");
        if (m.weight() == Math.rint(m.weight()) && Math.abs(m.weight()) < 1e15) {
          g.writeNumber((long) m.weight());
        } else {
          g.writeNumber(m.weight());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      ImageGenerationOptions o = request.options();
      if (o.mimeType().isPresent() || o.seed().isPresent() || o.aspectRatio().isPresent()) {
        g.writeObjectFieldStart("generationOptions");
        if (o.mimeType().isPresent()) {
          g.writeStringField("mimeType", o.mimeType().get());
        }
        if (o.seed().isPresent()) {
          g.writeStringField("seed", Long.toString(o.seed().getAsLong()));
        }
        if (o.aspectRatio().isPresent()) {
          g.writeObjectFieldStart("aspectRatio");
          g.writeStringField("widthRatio", Long.toString(o.aspectRatio().get().widthRatio()));
          g.writeStringField("heightRatio", Long.toString(o.aspectRatio().get().heightRatio()));
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
