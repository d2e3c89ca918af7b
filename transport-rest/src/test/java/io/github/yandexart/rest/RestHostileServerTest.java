package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 9 over REST: ids and server text are untrusted, and secrets stay secret when echoed. */
class RestHostileServerTest {
  private static final String TOKEN = "t1.CANARY-token-9f8e7d6c5b4a";

  private static String stackText(Throwable e) {
    StringWriter s = new StringWriter();
    e.printStackTrace(new PrintWriter(s));
    return s.toString();
  }

  @Test
  void dotSegmentIdsArePercentEncodedSoTheyStayOneSegment() {
    try (RawServer server = RawServer.answering("404 Not Found", "application/json",
        "{\"code\":5,\"message\":\"no such operation\"}");
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      failure(generator.getOperation(".."));
      failure(generator.getOperation("."));
      failure(generator.cancelOperation(".."));

      assertThat(server.requests()).extracting(r -> r.method + " " + r.target).containsExactly(
          "GET /operations/%2E%2E", "GET /operations/%2E", "GET /operations/%2E%2E:cancel");
    }
  }

  @Test
  void anApiKeyEchoedInAStatusMessageIsRedacted() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write(RawServer.response("400 Bad Request", "application/json",
          "{\"code\":3,\"message\":\"bad credentials: " + request.header("authorization") + "\","
              + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"key "
              + TestSupport.API_KEY + "\"}]}"));
      return true;
    });
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build())) {
      ApiCallException e = failure(generator.submit(request("a red cat")));

      assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
      assertThat(e.status().orElseThrow().message()).isEqualTo("bad credentials: <redacted>");
      assertThat(e.getMessage()).contains("<redacted>");
      assertThat(e.toString() + stackText(e) + e.status().orElseThrow())
          .doesNotContain(TestSupport.API_KEY);
    }
  }

  @Test
  void aBearerTokenEchoedInAnOperationsErrorIsRedacted() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write(RawServer.response("200 OK", "application/json",
          "{\"id\":\"op1\",\"done\":true,\"description\":\"for " + request.header("authorization") + "\","
              + "\"error\":{\"code\":7,\"message\":\"" + request.header("authorization") + " may not generate\"}}"));
      return true;
    });
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).credentials(Credentials.iamToken(TOKEN)).build())) {
      Operation op = result(generator.getOperation("op1"));

      assertThat(op.error().orElseThrow().message()).isEqualTo("<redacted> may not generate");
      assertThat(op.toString() + op.description()).doesNotContain(TOKEN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"id\":\"op1\",\"done\":true,\"response\":{\"image\":\"not*base64!\"}}",
      "{\"id\":\"op1\",\"done\":true,\"error\":{\"code\":3},\"response\":{\"image\":\"AAAA\"}}",
      "DEEP"})
  void anAnswerThatWillNeverReadDifferentlyIsPermanentAndReadOnce(String body) {
    String json = body.equals("DEEP") ? "{\"id\":\"op1\",\"metadata\":" + "[".repeat(5000) + "]".repeat(5000) + "}" : body;
    try (RawServer server = RawServer.answering("200 OK", "application/json", json);
        YandexArtClient client = YandexArtClient.create(new RestImageGeneratorProvider().create(
            config(server.endpoint()).build()))) {
      assertThatThrownBy(() -> client.await("op1"))
          .isInstanceOfSatisfying(ApiCallException.class, e -> {
            assertThat(e.isPermanent()).isTrue();
            assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
          });
      assertThat(server.requests()).hasSize(1);
    }
  }
}
