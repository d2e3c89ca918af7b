package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How error replies become {@link ApiCallException}s: codes, origins, ids and hints. */
class RestErrorMappingTest {
  private static final String JSON = "application/json";

  private static String status(int code, String message) {
    return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":[]}";
  }

  /** Submits to a server that always answers with these bytes; returns the failure. */
  private static ApiCallException submitAgainst(byte[] reply) {
    try (RawServer server = RawServer.start((request, out) -> {
          out.write(reply);
          return true;
        });
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      return failure(generator.submit(request("a red cat")));
    }
  }

  @ParameterizedTest(name = "HTTP {0} with code {1} is {2}")
  @CsvSource({
      "400 Bad Request, 3, INVALID_ARGUMENT, false",
      "400 Bad Request, 9, FAILED_PRECONDITION, false",
      "401 Unauthorized, 16, UNAUTHENTICATED, false",
      "403 Forbidden, 7, PERMISSION_DENIED, false",
      "404 Not Found, 5, NOT_FOUND, false",
      "409 Conflict, 10, ABORTED, false",
      "429 Too Many Requests, 8, RESOURCE_EXHAUSTED, true",
      "499 Client Closed Request, 1, CANCELLED, false",
      "500 Internal Server Error, 13, INTERNAL, false",
      "501 Not Implemented, 12, UNIMPLEMENTED, false",
      "503 Service Unavailable, 14, UNAVAILABLE, true",
      "504 Gateway Timeout, 4, DEADLINE_EXCEEDED, false"})
  void aStatusBodyGivesItsCodeAsAServerError(String http, int code, StatusCode expected, boolean notAccepted) {
    ApiCallException e = submitAgainst(RawServer.response(http, JSON, status(code, "told by the server")));

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.origin()).isEqualTo(Origin.SERVER);
    assertThat(e.httpStatus()).hasValue(Integer.parseInt(http.substring(0, 3)));
    assertThat(e.status().orElseThrow().message()).isEqualTo("told by the server");
    assertThat(e.getMessage()).contains(expected.name(), "told by the server");
    assertThat(e.isProvablyNotAccepted()).isEqualTo(notAccepted);
  }

  @Test
  void theBodysCodeWinsOverTheHttpStatus() {
    ApiCallException e = submitAgainst(RawServer.response("400 Bad Request", JSON, status(11, "seed out of range")));
    assertThat(e.code()).isEqualTo(StatusCode.OUT_OF_RANGE);
  }

  @ParameterizedTest(name = "HTTP {0} without a Status is {1} from {2}")
  @CsvSource({
      "400 Bad Request, INVALID_ARGUMENT, SERVER",
      "403 Forbidden, PERMISSION_DENIED, SERVER",
      "418 Teapot, FAILED_PRECONDITION, SERVER",
      "429 Too Many Requests, RESOURCE_EXHAUSTED, SERVER",
      "500 Internal Server Error, INTERNAL, SERVER",
      "503 Service Unavailable, UNAVAILABLE, SERVER",
      // A gateway's own error: the service may have the request, so the outcome is unknown.
      "502 Bad Gateway, UNAVAILABLE, TRANSPORT",
      "504 Gateway Timeout, DEADLINE_EXCEEDED, TRANSPORT"})
  void withoutAStatusTheHttpStatusDecides(String http, StatusCode expected, Origin origin) {
    ApiCallException e = submitAgainst(RawServer.response(http, "text/plain", "upstream says no"));

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.origin()).isEqualTo(origin);
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage()).contains("HTTP " + http.substring(0, 3), "upstream says no");
  }

  @Test
  void aGatewayErrorPageNeverCountsAsProvablyNotAccepted() {
    ApiCallException e = submitAgainst(RawServer.response("502 Bad Gateway", "text/html",
        "<html><body><h1>502 Bad Gateway</h1></body></html>"));
    assertThat(e.isProvablyNotAccepted()).isFalse();
    assertThat(e.isRetryableRead()).isTrue();
  }

  @Test
  void requestIdComesFromTheHeaderAndTraceIdToo() {
    ApiCallException e = submitAgainst(RawServer.response("500 Internal Server Error", JSON, status(13, "boom"),
        "x-request-id: req-from-header", "x-server-trace-id: trace-42"));
    assertThat(e.requestId()).contains("req-from-header");
    assertThat(e.serverTraceId()).contains("trace-42");
    assertThat(e.getMessage()).contains("req-from-header");
  }

  @Test
  void requestIdComesFromTheRequestInfoDetailWhenNoHeaderSaysIt() {
    ApiCallException e = submitAgainst(RawServer.response("401 Unauthorized", JSON,
        "{\"code\":16,\"message\":\"Unknown api key\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RequestInfo\",\"requestId\":\"req-in-body\"}]}"));
    assertThat(e.requestId()).contains("req-in-body");
  }

  @Test
  void theClientRequestIdOfTheCallIsKept() {
    try (RawServer server = RawServer.answering("500 Internal Server Error", JSON, status(13, "boom"));
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).requestIdSupplier(() -> "my-client-id").build())) {
      ApiCallException e = failure(generator.submit(request("x")));
      assertThat(e.clientRequestId()).contains("my-client-id");
      assertThat(server.requests().get(0).header("x-client-request-id")).isEqualTo("my-client-id");
    }
  }

  @Test
  void retryAfterSecondsIsKept() {
    ApiCallException e = submitAgainst(RawServer.response("429 Too Many Requests", JSON, status(8, "quota"),
        "Retry-After: 7"));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryInfoInTheStatusServesWhenThereIsNoRetryAfterHeader() {
    String body = "{\"code\":8,\"message\":\"quota\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.500s\"}]}";
    assertThat(submitAgainst(RawServer.response("429 Too Many Requests", JSON, body)).retryAfter())
        .contains(Duration.ofMillis(1500));
    assertThat(submitAgainst(RawServer.response("429 Too Many Requests", JSON, body, "Retry-After: 4"))
        .retryAfter()).as("the header wins").contains(Duration.ofSeconds(4));
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
    String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    ApiCallException e = submitAgainst(RawServer.response("503 Service Unavailable", JSON, status(14, "busy"),
        "Retry-After: " + inTwoMinutes));
    assertThat(e.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
  }

  @Test
  void errorsOfReadsAndCancelsNameTheOperation() {
    try (RawServer server = RawServer.answering("404 Not Found", JSON, status(5, "Operation not found"));
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      ApiCallException read = failure(generator.getOperation("fbvmissing"));
      ApiCallException cancel = failure(generator.cancelOperation("fbvmissing"));
      for (ApiCallException e : new ApiCallException[] {read, cancel}) {
        assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
        assertThat(e.operationId()).contains("fbvmissing");
        assertThat(e.getMessage()).startsWith("operation fbvmissing: NOT_FOUND (HTTP 404)");
      }
    }
  }

  @Test
  void pollIntervalHintIsReadIntoTheOperation() {
    String running = "{\"id\":\"op1\",\"done\":false}";
    try (RawServer server = RawServer.answering("200 OK", JSON, running, "x-operation-poll-interval: 1.5");
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      Operation op = result(generator.getOperation("op1"));
      assertThat(op.pollInterval()).contains(Duration.ofMillis(1500));
    }
    try (RawServer server = RawServer.answering("200 OK", JSON, running);
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      assertThat(result(generator.getOperation("op1")).pollInterval()).isEmpty();
    }
  }

  @Test
  void aRedirectIsNotFollowed() {
    try (RawServer server = RawServer.answering("302 Found", "text/plain", "moved",
            "Location: http://127.0.0.1:1/elsewhere");
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      ApiCallException e = failure(generator.submit(request("x")));
      assertThat(e.httpStatus()).hasValue(302);
      assertThat(server.requests()).hasSize(1);
    }
  }
}
