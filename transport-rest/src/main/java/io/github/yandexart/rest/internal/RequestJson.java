package io.github.yandexart.rest.internal;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Writes an ImageGenerationRequest's JSON byte for byte as Jackson's {@code UTF8JsonGenerator} with
 * its defaults writes it ({@code RequestJsonTest} holds it to that, over random text): lowerCamelCase
 * names, int64 as strings, weight as a JSON number, unset options left out; in a string {@code "}
 * and {@code \} escaped, control characters as {@code \b \t \n \f \r} or a backslash-u escape
 * with four upper-case hex digits, surrogates as such an escape too, everything else as UTF-8.
 *
 * <p>Why not the generator itself: a request has one fixed shape, and making and closing a generator
 * for each one cost about a fifth of what the REST transport spent per submit and read beyond a raw
 * HttpClient with a body serialized once (async-profiler, 16 callers). Reading stays with Jackson.
 */
final class RequestJson {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int size;

  private RequestJson(int capacity) {
    buf = new byte[capacity];
  }

  /** The body of a submit of {@code request}, whose model URI is resolved. */
  static byte[] write(ImageGenerationRequest request) {
    String modelUri = request.resolveModelUri(Optional.empty()).value();
    ImageGenerationOptions o = request.options();
    int chars = modelUri.length() + o.mimeType().map(String::length).orElse(0);
    for (Message m : request.messages()) {
      chars += m.text().length();
    }
    // every string at most 6 bytes a character (an escape); the names and numbers fit in the rest
    RequestJson out = new RequestJson(6 * chars + 64 * request.messages().size() + 256);
    out.ascii("{\"modelUri\":").string(modelUri).ascii(",\"messages\":[");
    boolean first = true;
    for (Message m : request.messages()) {
      out.ascii(first ? "{\"text\":" : ",{\"text\":").string(m.text()).ascii(",\"weight\":")
          .ascii(number(m.weight())).put('}');
      first = false;
    }
    out.put(']');
    if (o.mimeType().isPresent() || o.seed().isPresent() || o.aspectRatio().isPresent()) {
      out.ascii(",\"generationOptions\":{");
      String comma = "";
      if (o.mimeType().isPresent()) {
        out.ascii("\"mimeType\":").string(o.mimeType().get());
        comma = ",";
      }
      if (o.seed().isPresent()) {
        out.ascii(comma).ascii("\"seed\":\"").ascii(Long.toString(o.seed().getAsLong())).put('"');
        comma = ",";
      }
      if (o.aspectRatio().isPresent()) {
        AspectRatio r = o.aspectRatio().get();
        out.ascii(comma).ascii("\"aspectRatio\":{\"widthRatio\":\"").ascii(Long.toString(r.widthRatio()))
            .ascii("\",\"heightRatio\":\"").ascii(Long.toString(r.heightRatio())).ascii("\"}");
      }
      out.put('}');
    }
    out.put('}');
    return Arrays.copyOf(out.buf, out.size);
  }

  /** Whole weights as integers ({@code 1}, not {@code 1.0}), others in Java's shortest form (weights are finite). */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private RequestJson put(char c) {
    buf[size++] = (byte) c;
    return this;
  }

  /** Text known to be ASCII with nothing to escape. */
  private RequestJson ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      buf[size++] = (byte) s.charAt(i);
    }
    return this;
  }

  private RequestJson string(String s) {
    put('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          buf[size++] = (byte) c;
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xc0 | (c >> 6));
        buf[size++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        hexEscape(c);
      } else {
        buf[size++] = (byte) (0xe0 | (c >> 12));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[size++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return put('"');
  }

  private void escape(char c) {
    char shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\b' -> 'b';
      case '\t' -> 't';
      case '\n' -> 'n';
      case '\f' -> 'f';
      case '\r' -> 'r';
      default -> 0;
    };
    if (shortForm == 0) {
      hexEscape(c);
    } else {
      put('\\').put(shortForm);
    }
  }

  private void hexEscape(char c) {
    put('\\').put('u');
    buf[size++] = HEX[(c >> 12) & 0xf];
    buf[size++] = HEX[(c >> 8) & 0xf];
    buf[size++] = HEX[(c >> 4) & 0xf];
    buf[size++] = HEX[c & 0xf];
  }
}
