package io.github.yandexart.auth.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The little JSON this module reads and writes, on Jackson's streaming API. Errors never quote the
 * input: key files and token replies hold secrets, and Jackson's own messages repeat what they could
 * not parse.
 */
public final class Json {
  /** Stands for a nested object or array among the top-level fields. */
  public static final Object NESTED = new Object() {
    @Override
    public String toString() {
      return "a nested value";
    }
  };

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private Json() {}

  /** The input is not one JSON object; the message says where, never what. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Writes a JSON document. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * The top-level fields of one JSON object: strings as {@link String}, numbers as {@link Number},
   * booleans as {@link Boolean}, nested objects and arrays as {@link #NESTED}; {@code null} fields
   * are left out.
   */
  public static Map<String, Object> readObject(String json) throws Malformed {
    try (JsonParser p = FACTORY.createParser(json)) {
      return readObject(p);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from memory failed", e);
    }
  }

  /** {@link #readObject(String)} over UTF-8 bytes. */
  public static Map<String, Object> readObject(byte[] json) throws Malformed {
    try (JsonParser p = FACTORY.createParser(json)) {
      return readObject(p);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from memory failed", e);
    }
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException, Malformed {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new Malformed("is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new Malformed("is not a JSON object");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (value) {
        case VALUE_STRING:
          fields.put(name, p.getText());
          break;
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          fields.put(name, p.getNumberValue());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          fields.put(name, p.getBooleanValue());
          break;
        case VALUE_NULL:
          fields.remove(name);
          break;
        default:
          p.skipChildren();
          fields.put(name, NESTED);
          break;
      }
    }
    if (p.nextToken() != null) {
      throw new Malformed("has more after the JSON object");
    }
    return fields;
  }

  /**
   * The string field {@code name}: empty when absent.
   *
   * @throws Malformed when it holds something other than a string
   */
  public static Optional<String> string(Map<String, Object> fields, String name) throws Malformed {
    Object v = fields.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String)) {
      throw new Malformed("has field \"" + name + "\" that is not a string");
    }
    return Optional.of((String) v);
  }

  /** Writes one JSON document to a string. */
  public static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString();
  }

  private static Malformed syntaxError(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new Malformed(at == null ? "is not valid JSON"
        : "is not valid JSON (syntax error at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }
}
