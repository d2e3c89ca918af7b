package io.github.yandexart.emulator.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.emulator.internal.iam.IamService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code POST /iam/v1/tokens}: the IAM token exchange, {@code {"jwt": "…"}} in, {@code {"iamToken":
 * "t1.…", "expiresAt": "…"}} out, a google.rpc.Status with 401 UNAUTHENTICATED for a JWT that does not
 * pass (400 INVALID_ARGUMENT for a body that is not such an object). The request is recorded with the
 * JWT blanked out; transport faults do not apply, as they script the image service, not IAM.
 */
final class IamRoute {
  static final String REDACTED_BODY = "{\"jwt\":\"<redacted>\"}";
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final EmulatorContext context;
  private final RestJson json;

  IamRoute(EmulatorContext context, RestJson json) {
    this.context = context;
    this.json = json;
  }

  /** The body does not ask for a JWT exchange; the message says why. */
  private static final class BadBody extends Exception {
    private static final long serialVersionUID = 1L;
    private final StatusCode code;

    BadBody(StatusCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  void handle(HttpExchange exchange, String requestId) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    String method = exchange.getRequestMethod();
    // The body holds a signed JWT, good for an hour: never keep it where tests print requests.
    context.record(new RecordedRequest(RecordedRequest.Protocol.REST, method + " " + IamService.TOKENS_PATH,
        RestFrontend.headers(exchange), body.length == 0 ? "" : REDACTED_BODY));
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      json.sendStatus(exchange, 405, OperationStatus.of(StatusCode.UNIMPLEMENTED, "Method Not Allowed: "
          + method + " " + IamService.TOKENS_PATH + " (this route takes POST)"), requestId);
      return;
    }
    IamService.IssuedToken token;
    try {
      if (body.length > MAX_BODY_BYTES) {
        throw new BadBody(StatusCode.INVALID_ARGUMENT, "the request body is larger than " + MAX_BODY_BYTES
            + " bytes, which no token request is: send {\"jwt\": \"<header.claims.signature>\"}");
      }
      token = context.iam().exchange(readJwt(body));
    } catch (BadBody e) {
      json.sendStatus(exchange, e.code.httpStatus(), OperationStatus.of(e.code, e.getMessage()), requestId);
      return;
    } catch (IamService.Refusal e) {
      json.sendStatus(exchange, e.code().httpStatus(), OperationStatus.of(e.code(), e.getMessage()), requestId);
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.generator(buffer)) {
      g.writeStartObject();
      g.writeStringField("iamToken", token.iamToken());
      // Instant's form (UTC, Z, 0 to 9 fractional digits) is RFC 3339, as the real IAM writes it.
      g.writeStringField("expiresAt", token.expiresAt().toString());
      g.writeEndObject();
    }
    RestJson.send(exchange, 200, buffer.toByteArray());
  }

  /** The {@code jwt} of a CreateIamTokenRequest, read as strictly as the gateway reads it. */
  private String readJwt(byte[] body) throws BadBody, IOException {
    String usage = ": send {\"jwt\": \"<header.claims.signature>\"}";
    if (body.length == 0) {
      throw new BadBody(StatusCode.INVALID_ARGUMENT, "the request body is empty" + usage);
    }
    String jwt = null;
    try (JsonParser p = json.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadBody(StatusCode.INVALID_ARGUMENT, "invalid JSON payload: expected an object" + usage);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "jwt":
            if (value != JsonToken.VALUE_STRING) {
              throw new BadBody(StatusCode.INVALID_ARGUMENT, "invalid value for string field \"jwt\"" + usage);
            }
            jwt = p.getText();
            break;
          case "yandexPassportOauthToken":
          case "yandex_passport_oauth_token":
            p.skipChildren();
            throw new BadBody(StatusCode.UNAUTHENTICATED, "the emulator cannot check Yandex Passport OAuth"
                + " tokens: exchange a service-account JWT instead" + usage);
          default:
            throw new BadBody(StatusCode.INVALID_ARGUMENT, "invalid JSON payload: unknown field \""
                + shorten(field) + "\" in yandex.cloud.iam.v1.CreateIamTokenRequest" + usage);
        }
      }
      if (p.nextToken() != null) {
        throw new BadBody(StatusCode.INVALID_ARGUMENT,
            "invalid JSON payload: unexpected data after the object" + usage);
      }
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, which may hold the JWT.
      throw new BadBody(StatusCode.INVALID_ARGUMENT, "invalid JSON payload" + usage);
    }
    if (jwt == null || jwt.isBlank()) {
      throw new BadBody(StatusCode.INVALID_ARGUMENT, "the request has no jwt" + usage);
    }
    return jwt;
  }

  private static String shorten(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 64 ? t.substring(0, 64) + "..." : t;
  }
}
