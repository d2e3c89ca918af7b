package io.github.yandexart.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a careful hand-written REST client does with the service's JSON: Jackson's streaming parser
 * over the body, no tree, no intermediate {@code String}, the image decoded by Jackson from the
 * base64 token. The raw baseline of the benchmarks.
 */
final class RawRest {
  /** A 16 MiB image is more than Jackson's default 20,000,000-character string limit: lift it. */
  static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  static final String GENERATE_PATH = "/foundationModels/v1/imageGenerationAsync";
  static final byte[] SUBMIT_BODY = ("{\"modelUri\":\"art://b1gbench/yandex-art/latest\","
      + "\"messages\":[{\"text\":\"a red cat\",\"weight\":\"1\"}],\"generationOptions\":{\"seed\":\"7\"}}")
      .getBytes(StandardCharsets.UTF_8);
  static final String AUTHORIZATION = "Api-Key bench";

  private RawRest() {}

  /** A version-4 UUID from {@code ThreadLocalRandom}. */
  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID((r.nextLong() & ~0xf000L) | 0x4000L,
        (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L).toString();
  }

  /** The {@code id} of an operation body. */
  static String operationId(byte[] body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      return topLevelText(p, "id");
    }
  }

  private static String topLevelText(JsonParser p, String field) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals(field) && value == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      p.skipChildren();
    }
    throw new IOException("no " + field);
  }

  /** The decoded {@code response.image} of a finished operation body. */
  static byte[] image(byte[] body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      toImage(p);
      return p.getBinaryValue();
    }
  }

  /** The decoded {@code response.image} of a finished operation read from a stream, whole, in memory. */
  static byte[] image(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      toImage(p);
      return p.getBinaryValue();
    }
  }

  /** Decodes {@code response.image} from the stream straight into {@code out}; returns the bytes written. */
  static int copyImage(InputStream body, OutputStream out) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      toImage(p);
      return p.readBinaryValue(out);
    }
  }

  /** Moves the parser onto the value of {@code response.image}. */
  private static void toImage(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("response") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String inner = p.currentName();
          JsonToken v = p.nextToken();
          if (inner.equals("image") && v == JsonToken.VALUE_STRING) {
            return;
          }
          p.skipChildren();
        }
        throw new IOException("a response without an image");
      }
      p.skipChildren();
    }
    throw new IOException("no response: the operation is not done");
  }
}
