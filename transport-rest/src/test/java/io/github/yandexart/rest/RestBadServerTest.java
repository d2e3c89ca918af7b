package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A server or proxy that misbehaves: every case ends in an {@link ApiCallException} that says what
 * happened, with the right origin, and nothing hangs.
 */
class RestBadServerTest {

  private static ApiCallException fail(RawServer server, ClientConfig config, boolean submit) {
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(config)) {
      CompletableFuture<?> call = submit ? generator.submit(request("a red cat")) : generator.getOperation("op1");
      return failure(call);
    }
  }

  private static ApiCallException submitAgainst(RawServer server) {
    return fail(server, config(server.endpoint()).build(), true);
  }

  @Test
  void malformedJsonInASuccessIsAServerErrorWithASnippet() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\",\"done\":yes}")) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.httpStatus()).hasValue(200);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("not a valid Operation", "{\"id\":\"op1\",\"done\":yes}");
    }
  }

  @Test
  void aReplyOfTheWrongShapeSaysWhichField() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\",\"done\":\"soon\"}")) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.getMessage()).contains("\"done\" is a string, not true or false");
    }
  }

  @Test
  void anHtmlErrorPageFromAProxyIsShownBriefly() {
    String page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
        + "<center><h1>502 Bad Gateway</h1></center>" + "<p>padding</p>".repeat(200) + "</body></html>";
    try (RawServer server = RawServer.answering("502 Bad Gateway", "text/html", page)) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.httpStatus()).hasValue(502);
      assertThat(e.getMessage()).contains("text/html", "<title>502 Bad Gateway</title>");
      assertThat(e.getMessage().length()).isLessThan(400);
    }
  }

  @Test
  void aResponseOfAnotherTypeIsAnUnretryableServerError() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\",\"done\":true,"
        + "\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}")) {
      ApiCallException e = fail(server, config(server.endpoint()).build(), false);
      assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.isRetryableRead()).isFalse();
      assertThat(e.getMessage()).contains("google.protobuf.Empty", "ImageGenerationResponse");
    }
  }

  @Test
  void aSuccessWithAnEmptyBodyIsAnError() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "")) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.httpStatus()).hasValue(200);
      assertThat(e.getMessage()).contains("empty body");
    }
  }

  @Test
  void aBodyCutShortOfItsContentLengthIsATransportFailure() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
          + "{\"id\":\"op1\",\"do").getBytes(StandardCharsets.US_ASCII));
      return false;
    })) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.isRetryableRead()).isTrue();
    }
  }

  @Test
  void jsonThatEndsEarlyIsReportedAsTruncated() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\",\"done\":false")) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.getMessage()).contains("truncated");
      assertThat(e.isProvablyNotAccepted()).isFalse();
    }
  }

  @Test
  void aConnectionDroppedAfterTheRequestIsATransportFailureOfUnknownOutcome() {
    try (RawServer server = RawServer.start((request, out) -> false)) {
      ApiCallException e = submitAgainst(server);
      assertThat(server.requests()).hasSize(1);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("may or may not have taken effect");
    }
  }

  @Test
  void silenceAfterTheRequestEndsAtTheCallDeadline() {
    try (RawServer server = RawServer.silent()) {
      long start = System.nanoTime();
      // long enough for a cold client to connect on a loaded machine: the request must have left
      ApiCallException e = fail(server, config(server.endpoint(), Duration.ofSeconds(2)).build(), true);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
    }
  }

  @Test
  void aRefusedConnectionProvesTheRequestWasNotSent() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(
        config(URI.create("http://127.0.0.1:" + port)).build())) {
      ApiCallException e = failure(generator.submit(request("a red cat")));
      assertThat(e.origin()).isEqualTo(Origin.CONNECT);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("127.0.0.1:" + port, "not sent");
    }
  }

  @Test
  void aFailedTlsHandshakeProvesTheRequestWasNotSent() throws Exception {
    try (ServerSocket notTls = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = notTls.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[512]);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // the client hung up
        }
      }, "not-tls");
      t.setDaemon(true);
      t.start();
      try (ImageGenerator generator = new RestImageGeneratorProvider().create(
          config(URI.create("https://127.0.0.1:" + notTls.getLocalPort())).build())) {
        ApiCallException e = failure(generator.submit(request("a red cat")));
        assertThat(e.origin()).isEqualTo(Origin.CONNECT);
        assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
        assertThat(e.isProvablyNotAccepted()).isTrue();
        assertThat(e.getMessage()).contains("TLS");
      }
    }
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitFailsAtOnce() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      return false;
    })) {
      ApiCallException e = fail(server, config(server.endpoint()).maxResponseSize(1 << 20).build(), false);
      // not a quota refusal, and the same answer every time
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.isRetryableRead()).isFalse();
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.httpStatus()).hasValue(200);
      assertThat(e.getMessage()).contains("1048576 bytes", "maxResponseSize", "operation op1");
      assertThat(e.isProvablyNotAccepted()).isFalse();
    }
  }

  @Test
  void anEndlessChunkedBodyStopsAtTheLimit() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("10000\r\n" + "A".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 1024; i++) {   // 64 MiB at most; the client hangs up long before
        out.write(chunk);
      }
      return false;
    })) {
      ApiCallException e = fail(server, config(server.endpoint()).maxResponseSize(1 << 20).build(), false);
      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.getMessage()).contains("goes over the limit of 1048576 bytes");
    }
  }

  @Test
  void imageDataNeverAppearsInAnError() {
    String image = Base64.getEncoder().encodeToString(new byte[4096]).replace('A', 'Z');
    String body = "{\"id\":\"op1\",\"done\":true,\"response\":{\"image\":\"" + image + "\"},oops}";
    try (RawServer server = RawServer.answering("200 OK", "application/json", body)) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.getMessage()).doesNotContain(image.substring(0, 40)).contains("characters of base64");
    }
  }

  @Test
  void theApiKeyNeverAppearsInAnError() {
    try (RawServer server = RawServer.start((request, out) -> {
      out.write(RawServer.response("400 Bad Request", "text/plain",
          "you sent Authorization: " + request.header("authorization")));
      return true;
    })) {
      ApiCallException e = submitAgainst(server);
      assertThat(e.getMessage()).contains("<redacted>").doesNotContain(TestSupport.API_KEY);
    }
  }
}
