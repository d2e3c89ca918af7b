package io.github.yandexart.emulator.internal.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.sun.net.httpserver.HttpExchange;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's JSON as its gateway speaks it, with Jackson's streaming API: a strict reader of
 * ImageGenerationRequest (unknown fields and wrong types are refused, as the gRPC-JSON transcoder
 * does) and writers of Operation and google.rpc.Status that stream, so a large image is encoded
 * straight into the socket.
 */
final class RestJson {
  static final String IMAGE_RESPONSE_TYPE =
      "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse";
  static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";
  private static final String REQUEST_TYPE =
      "yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationRequest";

  private final JsonFactory factory = new JsonFactory();

  /** A request the gateway would refuse with 400 INVALID_ARGUMENT; the message says why. */
  static final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- reading the request

  /** Parses and validates a request body, as strictly as the service's gateway. */
  ImageGenerationRequest readRequest(byte[] body) throws BadRequestException {
    if (body.length == 0) {
      throw new BadRequestException("the request body is empty: send an ImageGenerationRequest as JSON");
    }
    try (JsonParser p = factory.createParser(body)) {
      ImageGenerationRequest.Builder request = ImageGenerationRequest.builder();
      List<Message> messages = new ArrayList<>();
      object(p, p.nextToken(), REQUEST_TYPE);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "modelUri":
          case "model_uri":
            String uri = string(p, value, field);
            if (uri != null) {
              request.modelUri(ModelUri.parse(uri));
            }
            break;
          case "messages":
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                messages.add(readMessage(p));
              }
            } else if (value != JsonToken.VALUE_NULL) {
              throw new BadRequestException("invalid value for \"messages\": expected an array");
            }
            break;
          case "generationOptions":
          case "generation_options":
            if (value != JsonToken.VALUE_NULL) {
              request.options(readOptions(p, value));
            }
            break;
          default:
            throw unknownField(field, REQUEST_TYPE);
        }
      }
      end(p);
      ImageGenerationRequest parsed = request.messages(messages).build();
      if (parsed.modelUri().isEmpty()) {
        // the api lets a request leave the model to the client's folder; the service does not
        throw new BadRequestException("request has no model URI: send art://<folder id>/yandex-art/latest");
      }
      return parsed;
    } catch (JsonParseException e) {
      throw new BadRequestException("the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequestException("the request body could not be read: " + e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadRequestException(String.valueOf(e.getMessage()));
    }
  }

  private Message readMessage(JsonParser p) throws IOException, BadRequestException {
    String type = "yandex.cloud.ai.foundation_models.v1.image_generation.Message";
    object(p, p.currentToken(), type);
    String text = null;
    double weight = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "text":
          text = string(p, value, field);
          break;
        case "weight":
          weight = doubleValue(p, value, field);
          break;
        default:
          throw unknownField(field, type);
      }
    }
    return Message.of(text == null ? "" : text, weight);
  }

  private ImageGenerationOptions readOptions(JsonParser p, JsonToken start) throws IOException, BadRequestException {
    String type = "yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationOptions";
    object(p, start, type);
    ImageGenerationOptions.Builder options = ImageGenerationOptions.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "mimeType":
        case "mime_type":
          String mime = string(p, value, field);
          if (mime != null && !mime.isEmpty()) {
            options.mimeType(mime);
          }
          break;
        case "seed":
          Long seed = int64(p, value, field);
          // 0 is proto3's default, "random": the same as no seed (as the gRPC side reads it)
          if (seed != null && seed != 0) {
            options.seed(seed);
          }
          break;
        case "aspectRatio":
        case "aspect_ratio":
          if (value != JsonToken.VALUE_NULL) {
            options.aspectRatio(readAspectRatio(p, value));
          }
          break;
        default:
          throw unknownField(field, type);
      }
    }
    return options.build();
  }

  private AspectRatio readAspectRatio(JsonParser p, JsonToken start) throws IOException, BadRequestException {
    String type = "yandex.cloud.ai.foundation_models.v1.image_generation.AspectRatio";
    object(p, start, type);
    long width = 0;
    long height = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      Long n;
      switch (field) {
        case "widthRatio":
        case "width_ratio":
          n = int64(p, value, field);
          width = n == null ? 0 : n;
          break;
        case "heightRatio":
        case "height_ratio":
          n = int64(p, value, field);
          height = n == null ? 0 : n;
          break;
        default:
          throw unknownField(field, type);
      }
    }
    return AspectRatio.of(width, height);
  }

  private static BadRequestException unknownField(String field, String type) {
    return new BadRequestException("invalid JSON payload: unknown field \"" + field + "\" in " + type
        + ": send only the fields the API defines");
  }

  private static void object(JsonParser p, JsonToken t, String type) throws BadRequestException {
    if (t != JsonToken.START_OBJECT) {
      throw new BadRequestException("invalid JSON payload: expected an object for " + type
          + " at line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr());
    }
  }

  private static void end(JsonParser p) throws IOException, BadRequestException {
    if (p.nextToken() != null) {
      throw new BadRequestException("invalid JSON payload: unexpected data after the object");
    }
  }

  private static String string(JsonParser p, JsonToken t, String field) throws IOException, BadRequestException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new BadRequestException("invalid value for string field \"" + field + "\": " + p.getText());
    }
    return p.getText();
  }

  /** proto3 JSON int64: a number or a decimal string. */
  private static Long int64(JsonParser p, JsonToken t, String field) throws IOException, BadRequestException {
    try {
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        return Long.parseLong(p.getText().trim());
      }
    } catch (NumberFormatException | InputCoercionException e) {
      // reported below
    }
    throw new BadRequestException("invalid value for int64 field \"" + field + "\": " + p.getText()
        + ": write a whole number from -2^63 to 2^63-1, such as \"42\"");
  }

  /** proto3 JSON double: a number, a numeric string, or "NaN" / "Infinity" / "-Infinity". */
  private static double doubleValue(JsonParser p, JsonToken t, String field) throws IOException, BadRequestException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Double.parseDouble(p.getText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new BadRequestException("invalid value for double field \"" + field + "\": " + p.getText());
  }

  // ---------------------------------------------------------------- writing replies

  JsonParser parser(byte[] body) throws IOException {
    return factory.createParser(body);
  }

  /** Answers {@code exchange} with {@code status} as a google.rpc.Status JSON body. */
  void sendStatus(HttpExchange exchange, int httpStatus, OperationStatus status, String requestId)
      throws IOException {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    try (JsonGenerator g = generator(buffer)) {
      writeStatus(g, status, requestId, null);
    }
    send(exchange, httpStatus, buffer.toByteArray());
  }

  /** Answers {@code exchange} with a JSON body whose length is known. */
  static void send(HttpExchange exchange, int httpStatus, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(httpStatus, body.length);
    try (java.io.OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  JsonGenerator generator(java.io.OutputStream out) throws IOException {
    return factory.createGenerator(out);
  }

  /**
   * The answer to Generate, exactly as the service documents it: {@code {"id":"…","description":"",
   * "createdAt":null,"createdBy":"","modifiedAt":null,"done":false,"metadata":null}}.
   */
  void writeFirstResponse(JsonGenerator g, String id) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("description", "");
    g.writeNullField("createdAt");
    g.writeStringField("createdBy", "");
    g.writeNullField("modifiedAt");
    g.writeBooleanField("done", false);
    g.writeNullField("metadata");
    g.writeEndObject();
  }

  /** An operation as a read shows it: RFC 3339 timestamps, then the error or the response. */
  void writeOperation(JsonGenerator g, Operation op) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", op.id());
    g.writeStringField("description", op.description());
    timestamp(g, "createdAt", op.createdAt().orElse(null));
    g.writeStringField("createdBy", op.createdBy());
    timestamp(g, "modifiedAt", op.modifiedAt().orElse(null));
    g.writeBooleanField("done", op.done());
    g.writeNullField("metadata");
    if (op.error().isPresent()) {
      g.writeFieldName("error");
      writeStatus(g, op.error().get());
    } else if (op.image().isPresent()) {
      GeneratedImage image = op.image().get();
      g.writeObjectFieldStart("response");
      g.writeStringField("@type", IMAGE_RESPONSE_TYPE);
      g.writeFieldName("image");
      g.writeBinary(image.inputStream(), image.size());
      g.writeStringField("modelVersion", image.modelVersion().orElse(""));
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** A failed operation's google.rpc.Status, with its details as they are. */
  void writeStatus(JsonGenerator g, OperationStatus status) throws IOException {
    writeStatus(g, status, null, null);
  }

  /**
   * An error reply's google.rpc.Status: the status's details but its own RequestInfo, then a
   * RequestInfo with {@code requestId} and, when the client is asked to wait, a RetryInfo.
   */
  void writeStatus(JsonGenerator g, OperationStatus status, String requestId, Duration retryAfter)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("code", status.code().number());
    g.writeStringField("message", status.message());
    g.writeArrayFieldStart("details");
    for (OperationStatus.Detail d : status.details()) {
      if (requestId != null && d.typeUrl().equals(OperationStatus.REQUEST_INFO_TYPE)) {
        continue;
      }
      g.writeStartObject();
      g.writeStringField("@type", d.typeUrl());
      for (Map.Entry<String, String> f : d.fields().entrySet()) {
        g.writeStringField(f.getKey(), f.getValue());
      }
      g.writeEndObject();
    }
    if (requestId != null) {
      g.writeStartObject();
      g.writeStringField("@type", OperationStatus.REQUEST_INFO_TYPE);
      g.writeStringField("requestId", requestId);
      g.writeEndObject();
    }
    if (retryAfter != null) {
      g.writeStartObject();
      g.writeStringField("@type", RETRY_INFO_TYPE);
      g.writeStringField("retryDelay", seconds(retryAfter) + "s");
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A duration in seconds as protobuf's JSON writes it: {@code 2}, {@code 1.500}, {@code 0.000250}. */
  static String seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    BigDecimal stripped = s.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return stripped.toPlainString();
    }
    int scale = stripped.scale() <= 3 ? 3 : stripped.scale() <= 6 ? 6 : 9;
    return s.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static void timestamp(JsonGenerator g, String field, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(field);
    } else {
      // Instant's ISO form has 0, 3, 6 or 9 fractional digits and Z: protobuf's Timestamp JSON.
      g.writeStringField(field, at.toString());
    }
  }
}
