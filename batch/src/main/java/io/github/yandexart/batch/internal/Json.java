package io.github.yandexart.batch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The journal's small JSON needs: a list of texts as one column. */
public final class Json {
  public static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  public static String strings(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartArray();
      for (String v : values) {
        g.writeString(v);
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static List<String> strings(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        values.add(p.getText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }
}
