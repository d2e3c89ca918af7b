package io.github.yandexart.rest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's JSON (the proto3 JSON mapping of its messages): writes an ImageGenerationRequest
 * ({@link RequestJson}), reads an Operation and a google.rpc.Status with Jackson's streaming API.
 * Reading is lenient where proto3 JSON allows several spellings (int64 and double as numbers or
 * strings, null for unset, unknown fields) and strict about types. An Operation's image is taken out of the document while
 * the body arrives and decoded straight into its destination ({@link OperationReader}); Jackson
 * parses the rest.
 */
public final class WireJson {
  /** RFC 3339: 0 to 9 fractional digits, {@code Z} or an offset, either letter case. */
  private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .appendOffset("+HH:MM", "Z")
      .toFormatter();

  /** The type URL of a done operation's response. */
  static final String IMAGE_RESPONSE_TYPE =
      "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse";

  private final JsonFactory factory;

  /** A reader whose longest accepted string (the base64 image) fits {@code maxDocumentBytes}. */
  public WireJson(long maxDocumentBytes) {
    int longest = (int) Math.min(Integer.MAX_VALUE, Math.max(maxDocumentBytes,
        StreamReadConstraints.DEFAULT_MAX_STRING_LEN));
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(longest).build())
        .build();
  }

  /** A reply the transport could read as JSON but not as what it should be. */
  public static final class MalformedReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedReplyException(String message) {
      super(message);
    }
  }

  /** A done operation whose response says it is something other than an ImageGenerationResponse. */
  public static final class WrongResponseTypeException extends IOException {
    private static final long serialVersionUID = 1L;

    WrongResponseTypeException(String type) {
      super("the operation's response is a " + Snippets.shorten(type, 120) + ", not a " + IMAGE_RESPONSE_TYPE);
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * The request body: lowerCamelCase names, int64 as strings, weight as a JSON number, unset options
   * left out; nothing the API does not define ({@link RequestJson}).
   */
  public byte[] writeRequest(ImageGenerationRequest request) {
    return RequestJson.write(request);
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads an Operation from a stream, the image decoded as the bytes are read ({@link
   * OperationReader}): the same path as a REST reply's body.
   */
  public Operation readOperation(InputStream in) throws IOException {
    int available = in.available();
    OperationReader reader = new OperationReader(this, available > 0 ? available : -1, null);
    byte[] chunk = new byte[64 * 1024];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      reader.feed(chunk, 0, n);
    }
    return reader.finish();
  }

  /**
   * Reads an Operation from {@code doc}, whose {@code response.image} may have been taken out while
   * the body arrived: then its value in {@code doc} is empty and {@code image} holds it.
   * A {@code response} without an image leaves the image absent (the wait engine reports such an
   * operation); {@code metadata} and unknown fields are skipped.
   */
  Operation readOperation(byte[] doc, int length, OperationReader.Image image) throws IOException {
    try (JsonParser p = factory.createParser(doc, 0, length)) {
      expectStart(p.nextToken(), "an Operation");
      String id = null;
      String description = null;
      String createdBy = null;
      Instant createdAt = null;
      Instant modifiedAt = null;
      boolean done = false;
      OperationStatus error = null;
      GeneratedImage decoded = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id":
            id = string(p, value, field);
            break;
          case "description":
            description = string(p, value, field);
            break;
          case "createdAt":
          case "created_at":
            createdAt = timestamp(p, value, field);
            break;
          case "createdBy":
          case "created_by":
            createdBy = string(p, value, field);
            break;
          case "modifiedAt":
          case "modified_at":
            modifiedAt = timestamp(p, value, field);
            break;
          case "done":
            done = bool(p, value, field);
            break;
          case "error":
            error = value == JsonToken.VALUE_NULL ? null : readStatus(p, value);
            break;
          case "response":
            decoded = value == JsonToken.VALUE_NULL ? null : readImageResponse(p, value, image);
            break;
          default:
            p.skipChildren();
        }
      }
      expectEnd(p);
      if (id == null || id.isEmpty()) {
        throw new MalformedReplyException("the Operation has no id");
      }
      Operation.Builder b = Operation.builder(id)
          .description(description)
          .createdAt(createdAt)
          .createdBy(createdBy)
          .modifiedAt(modifiedAt)
          .done(done);
      if (error != null && decoded != null) {
        throw new MalformedReplyException("operation " + id + " has both an error and a response");
      }
      return b.error(error).image(decoded).build();
    }
  }

  /** Reads a google.rpc.Status document (an error reply's body). */
  public OperationStatus readStatus(InputStream in) throws IOException {
    try (JsonParser p = factory.createParser(in)) {
      OperationStatus status = readStatus(p, p.nextToken());
      expectEnd(p);
      return status;
    }
  }

  private OperationStatus readStatus(JsonParser p, JsonToken start) throws IOException {
    expectStart(start, "a google.rpc.Status");
    Long code = null;
    String message = null;
    List<OperationStatus.Detail> details = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "code":
          code = int64(p, value, field);
          break;
        case "message":
          message = string(p, value, field);
          break;
        case "details":
          if (value == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              details.add(readDetail(p));
            }
          } else if (value != JsonToken.VALUE_NULL) {
            throw new MalformedReplyException("\"details\" is " + describe(value) + ", not an array");
          }
          break;
        default:
          p.skipChildren();
      }
    }
    if (code == null) {
      throw new MalformedReplyException("the google.rpc.Status has no code");
    }
    int number = code < 0 || code > Integer.MAX_VALUE ? -1 : code.intValue();
    return OperationStatus.of(StatusCode.forNumber(number), message, details);
  }

  /** One {@code Any} of a status's details: its {@code @type} and its scalar fields as text. */
  private OperationStatus.Detail readDetail(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return OperationStatus.Detail.of("", Map.of());
    }
    String type = "";
    Map<String, String> fields = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
        if (field.equals("@type")) {
          type = p.getText();
        } else {
          fields.put(field, p.getText());
        }
      } else {
        p.skipChildren();
      }
    }
    return OperationStatus.Detail.of(type, fields);
  }

  /**
   * The {@code response} Any: an ImageGenerationResponse, with or without {@code @type}. An image
   * taken out of the document while it arrived is {@code taken}; one left in the document (a
   * spelling the reader does not stream, such as an escaped key) is decoded here.
   */
  private GeneratedImage readImageResponse(JsonParser p, JsonToken start, OperationReader.Image taken)
      throws IOException {
    expectStart(start, "an ImageGenerationResponse");
    OperationReader.Image image = null;
    String modelVersion = null;
    String type = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "@type":
          type = string(p, value, field);
          break;
        case "image":
          if (value == JsonToken.VALUE_STRING) {
            if (taken != null && p.getTextLength() == 0) {
              image = taken;
            } else {
              image = OperationReader.Image.inMemory(p.getTextLength());
              image.decode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            }
          } else if (value != JsonToken.VALUE_NULL) {
            throw new MalformedReplyException("\"image\" is " + describe(value) + ", not base64 text");
          }
          break;
        case "modelVersion":
        case "model_version":
          modelVersion = string(p, value, field);
          break;
        default:
          p.skipChildren();
      }
    }
    if (type != null && !type.equals(IMAGE_RESPONSE_TYPE)) {
      throw new WrongResponseTypeException(type);
    }
    return image == null ? null : image.finish(modelVersion);
  }

  // ---------------------------------------------------------------- scalars

  private static String string(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new MalformedReplyException("\"" + field + "\" is " + describe(t) + ", not a string");
    }
    return p.getText();
  }

  private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t == JsonToken.VALUE_STRING && (p.getText().equals("true") || p.getText().equals("false"))) {
      return Boolean.parseBoolean(p.getText());
    }
    throw new MalformedReplyException("\"" + field + "\" is " + describe(t) + ", not true or false");
  }

  /** An int64 (or int32): a JSON number or a decimal string. */
  private static Long int64(JsonParser p, JsonToken t, String field) throws IOException {
    try {
      switch (t) {
        case VALUE_NULL:
          return null;
        case VALUE_NUMBER_INT:
          return p.getLongValue();
        case VALUE_NUMBER_FLOAT:
          double d = p.getDoubleValue();
          if (d == Math.rint(d)) {
            return (long) d;
          }
          break;
        case VALUE_STRING:
          return Long.parseLong(p.getText().trim());
        default:
          break;
      }
    } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
      // reported below
    }
    throw new MalformedReplyException("\"" + field + "\" is not an integer");
  }

  private static Instant timestamp(JsonParser p, JsonToken t, String field) throws IOException {
    String text = string(p, t, field);
    if (text == null || text.isEmpty()) {
      return null;
    }
    Instant fast = rfc3339(text);
    if (fast != null) {
      return fast;
    }
    try {
      return RFC_3339.parse(text.trim(), java.time.OffsetDateTime::from).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedReplyException(
          "\"" + field + "\" is \"" + Snippets.shorten(text, 40) + "\", not an RFC 3339 timestamp");
    }
  }

  /**
   * The usual spelling, {@code 2024-05-01T12:34:56.789Z} (0 to 9 fractional digits, {@code Z} or
   * {@code +HH:MM}), parsed without {@link DateTimeFormatter}, which costs more than the rest of a
   * small reply; null for anything else, which then goes to {@link #RFC_3339}.
   */
  static Instant rfc3339(String t) {
    int n = t.length();
    if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) | 0x20) != 't'
        || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      nanos = digits(t, start, count);
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    if (i == n - 1 && (t.charAt(i) | 0x20) == 'z') {
      offset = 0;
    } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59 || oh == 18 && om > 0) {
        return null;
      }
      offset = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset,
        nanos);
  }

  /** The days of {@code month} (1-12) in the proleptic Gregorian {@code year} (0-9999). */
  private static int lengthOfMonth(int year, int month) {
    if (month == 2) {
      return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /**
   * Days since 1970-01-01 of a valid date with a year of 0-9999: {@code LocalDate.toEpochDay()} without
   * making a {@code LocalDate} (the days-from-civil algorithm, with March as the first month).
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /** The decimal number in {@code t[from, from + count)}, or -1 when a character is not a digit. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = t.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static void expectStart(JsonToken t, String what) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw new MalformedReplyException("expected " + what + " (a JSON object) but found " + describe(t));
    }
  }

  private static void expectEnd(JsonParser p) throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      throw new MalformedReplyException("unexpected " + describe(after) + " after the JSON object");
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE: return "a boolean";
      case VALUE_NULL: return "null";
      default: return t.asString() == null ? t.name() : t.asString();
    }
  }
}
