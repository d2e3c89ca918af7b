package io.github.yandexart.emulator.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.testkit.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fault injection and inspection over the wire, so clients in any language can script the emulator:
 * {@code POST /_emulator/faults}, {@code POST /_emulator/outcomes}, {@code POST /_emulator/reset},
 * {@code GET /_emulator/requests}. No authorization; not recorded as requests. A body with an unknown
 * key or a bad value changes nothing and gets a 400 that says what to fix.
 */
final class AdminRoutes {
  private final EmulatorContext context;
  private final RestJson json;
  private final ObjectMapper mapper = new ObjectMapper();

  AdminRoutes(EmulatorContext context, RestJson json) {
    this.context = context;
    this.json = json;
  }

  /** A body the admin routes cannot use. */
  private static final class BadAdminRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadAdminRequest(String message) {
      super(message);
    }
  }

  void handle(HttpExchange exchange, String requestId) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    byte[] body = exchange.getRequestBody().readAllBytes();
    String expected;
    switch (path) {
      case "/_emulator/requests":
        expected = "GET";
        break;
      case "/_emulator/reset":
      case "/_emulator/faults":
      case "/_emulator/outcomes":
        expected = "POST";
        break;
      default:
        json.sendStatus(exchange, 404, OperationStatus.of(StatusCode.NOT_FOUND, "Not Found: no admin route " + path
            + "; there are /_emulator/faults, /_emulator/outcomes, /_emulator/reset and /_emulator/requests"),
            requestId);
        return;
    }
    if (!method.equals(expected)) {
      exchange.getResponseHeaders().set("Allow", expected);
      json.sendStatus(exchange, 405, OperationStatus.of(StatusCode.UNIMPLEMENTED,
          "Method Not Allowed: " + path + " takes " + expected), requestId);
      return;
    }
    try {
      switch (path) {
        case "/_emulator/requests":
          sendRequests(exchange);
          return;
        case "/_emulator/reset":
          context.clearRequests();
          context.store().reset();
          context.faults().clear();
          break;
        case "/_emulator/faults":
          applyAll(faults(object(body)));
          break;
        default:
          applyAll(outcomes(object(body)));
          break;
      }
    } catch (BadAdminRequest e) {
      json.sendStatus(exchange, 400, OperationStatus.of(StatusCode.INVALID_ARGUMENT, e.getMessage()), requestId);
      return;
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private static void applyAll(List<Runnable> changes) {
    changes.forEach(Runnable::run);
  }

  // ---------------------------------------------------------------- faults

  private List<Runnable> faults(JsonNode body) throws BadAdminRequest {
    only(body, "faults", Set.of("clear", "refuseSubmits", "failReads", "notFoundLag", "delayResponses",
        "dropConnections"));
    List<Runnable> changes = new ArrayList<>();
    if (body.path("clear").asBoolean(false)) {
      changes.add(() -> {
        context.store().faults().clear();
        context.faults().clear();
      });
    }
    if (body.has("refuseSubmits")) {
      JsonNode r = body.get("refuseSubmits");
      only(r, "refuseSubmits", Set.of("count", "code", "message", "retryAfterSeconds"));
      int count = count(r, "refuseSubmits.count");
      StatusCode code = code(r.get("code"), "refuseSubmits.code");
      Duration retryAfter = seconds(r.get("retryAfterSeconds"), "refuseSubmits.retryAfterSeconds");
      if (r.has("message")) {
        OperationStatus status = OperationStatus.of(code, r.get("message").asText());
        changes.add(() -> context.store().faults().refuseNextSubmits(count, status, retryAfter));
      } else {
        changes.add(() -> context.store().faults().refuseNextSubmits(count, code, retryAfter));
      }
    }
    if (body.has("failReads")) {
      JsonNode r = body.get("failReads");
      only(r, "failReads", Set.of("count", "code", "retryAfterSeconds"));
      int count = count(r, "failReads.count");
      StatusCode code = r.has("code") ? code(r.get("code"), "failReads.code") : StatusCode.UNAVAILABLE;
      Duration retryAfter = seconds(r.get("retryAfterSeconds"), "failReads.retryAfterSeconds");
      changes.add(() -> context.store().faults().failNextReads(count, code, retryAfter));
    }
    if (body.has("notFoundLag")) {
      int reads = whole(body.get("notFoundLag"), "notFoundLag");
      changes.add(() -> context.store().faults().notFoundLag(reads));
    }
    if (body.has("delayResponses")) {
      JsonNode r = body.get("delayResponses");
      only(r, "delayResponses", Set.of("count", "millis"));
      int count = count(r, "delayResponses.count");
      int millis = whole(r.get("millis"), "delayResponses.millis");
      changes.add(() -> context.faults().delayNextResponses(count, Duration.ofMillis(millis)));
    }
    if (body.has("dropConnections")) {
      int count = whole(body.get("dropConnections"), "dropConnections");
      changes.add(() -> context.faults().dropNextConnections(count));
    }
    return changes;
  }

  // ---------------------------------------------------------------- outcomes

  private List<Runnable> outcomes(JsonNode body) throws BadAdminRequest {
    only(body, "outcomes", Set.of("next", "default", "pollIntervalSeconds"));
    List<Runnable> changes = new ArrayList<>();
    if (body.has("pollIntervalSeconds")) {
      Duration hint = seconds(body.get("pollIntervalSeconds"), "pollIntervalSeconds");
      if (hint != null && hint.isZero()) {
        throw new BadAdminRequest("pollIntervalSeconds must be above 0, or null for no hint");
      }
      changes.add(() -> context.store().setPollIntervalHint(hint));
    }
    if (body.has("next")) {
      JsonNode next = body.get("next");
      if (!next.isArray()) {
        throw new BadAdminRequest("\"next\" must be an array of outcomes, such as [{\"succeedAfterReads\": 1}]");
      }
      for (int i = 0; i < next.size(); i++) {
        Outcome o = outcome(next.get(i), "next[" + i + "]");
        changes.add(() -> context.store().enqueueOutcome(o));
      }
    }
    if (body.has("default")) {
      Outcome o = outcome(body.get("default"), "default");
      changes.add(() -> context.store().setDefaultOutcome(o));
    }
    return changes;
  }

  private static final Set<String> OUTCOME_KINDS = Set.of("succeedAfterReads", "succeedAfterMillis",
      "failAfterReads", "cancelAfterReads", "neverDone", "errorBeforeDone");

  private Outcome outcome(JsonNode o, String where) throws BadAdminRequest {
    if (o == null || !o.isObject()) {
      throw new BadAdminRequest(where + " must be an object such as {\"succeedAfterReads\": 1}");
    }
    only(o, where, Set.of("succeedAfterReads", "succeedAfterMillis", "failAfterReads", "cancelAfterReads",
        "neverDone", "errorBeforeDone", "code", "message"));
    List<String> kinds = new ArrayList<>();
    o.fieldNames().forEachRemaining(name -> {
      if (OUTCOME_KINDS.contains(name)) {
        kinds.add(name);
      }
    });
    if (kinds.size() != 1) {
      throw new BadAdminRequest(
          where + " must name exactly one of " + new TreeSet<>(OUTCOME_KINDS) + ", found " + kinds);
    }
    String kind = kinds.get(0);
    switch (kind) {
      case "succeedAfterReads":
        return Outcome.succeedAfterReads(whole(o.get(kind), where + "." + kind));
      case "succeedAfterMillis":
        return Outcome.succeedAfter(Duration.ofMillis(whole(o.get(kind), where + "." + kind)));
      case "cancelAfterReads":
        return Outcome.cancelAfterReads(whole(o.get(kind), where + "." + kind));
      case "neverDone":
        return Outcome.neverDone();
      case "failAfterReads":
        return Outcome.failAfterReads(whole(o.get(kind), where + "." + kind), status(o, where));
      default:
        return Outcome.errorBeforeDone(whole(o.get(kind), where + "." + kind), status(o, where));
    }
  }

  private OperationStatus status(JsonNode o, String where) throws BadAdminRequest {
    StatusCode code = code(o.get("code"), where + ".code");
    JsonNode message = o.get("message");
    return OperationStatus.of(code, message == null || message.isNull() ? "" : message.asText());
  }

  // ---------------------------------------------------------------- requests

  private void sendRequests(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (JsonGenerator g = json.generator(buffer)) {
      g.writeStartArray();
      for (RecordedRequest r : context.requests()) {
        g.writeStartObject();
        g.writeStringField("protocol", r.protocol().name());
        g.writeStringField("method", r.method());
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
          g.writeArrayFieldStart(h.getKey());
          for (String v : h.getValue()) {
            g.writeString(v);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeStringField("body", r.body());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    RestJson.send(exchange, 200, buffer.toByteArray());
  }

  // ---------------------------------------------------------------- helpers

  private JsonNode object(byte[] body) throws BadAdminRequest {
    JsonNode node;
    try {
      node = body.length == 0 ? null : mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadAdminRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadAdminRequest("the body could not be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadAdminRequest("the body must be a JSON object; see the emulator's README");
    }
    return node;
  }

  private static void only(JsonNode node, String where, Set<String> allowed) throws BadAdminRequest {
    if (!node.isObject()) {
      throw new BadAdminRequest(where + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new BadAdminRequest("unknown key \"" + name + "\" in " + where + ": use " + new TreeSet<>(allowed));
      }
    }
  }

  private static int count(JsonNode node, String where) throws BadAdminRequest {
    return whole(node.get("count"), where);
  }

  private static int whole(JsonNode n, String where) throws BadAdminRequest {
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
      throw new BadAdminRequest(where + " must be a whole number from 0, such as 1");
    }
    return n.intValue();
  }

  /** A number of seconds ({@code 1.5}) as a duration; absent or null: null. */
  private static Duration seconds(JsonNode n, String where) throws BadAdminRequest {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber() || n.doubleValue() < 0 || n.doubleValue() > 1e9) {
      throw new BadAdminRequest(where + " must be a number of seconds from 0, such as 1.5");
    }
    return Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
  }

  /** A google.rpc code by name ({@code "UNAVAILABLE"}) or number ({@code 14}). */
  private static StatusCode code(JsonNode n, String where) throws BadAdminRequest {
    if (n != null && n.isIntegralNumber() && n.intValue() >= 0 && n.intValue() <= 16) {
      return StatusCode.forNumber(n.intValue());
    }
    if (n != null && n.isTextual()) {
      try {
        return StatusCode.valueOf(n.asText().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new BadAdminRequest(where + " must be a google.rpc code name or number, such as \"UNAVAILABLE\" or 14");
  }
}
