package io.github.yandexart.emulator.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The emulator's REST side over a real socket, with the JDK's HTTP client: as strict as the gateway. */
class RestFrontendTest {
  static final String GENERATE = "/foundationModels/v1/imageGenerationAsync";
  static final String KEY = "Api-Key emulator-test";
  static final String VALID = "{\"modelUri\":\"art://b1gtest/yandex-art/latest\","
      + "\"messages\":[{\"text\":\"a red cat\",\"weight\":\"1\"}]}";

  private static YandexArtEmulator emulator;
  private static HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  static HttpRequest.Builder request(String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create(emulator.restEndpoint() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> call(String method, String path, String body) {
    return send(request(method, path, body).header("Authorization", KEY));
  }

  private String submit() {
    HttpResponse<String> r = call("POST", GENERATE, VALID);
    assertThat(r.statusCode()).isEqualTo(200);
    return json(r).get("id").asText();
  }

  private JsonNode json(HttpResponse<String> r) {
    try {
      return mapper.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** Checks an error reply: HTTP status, google.rpc.Status body, RequestInfo with the x-request-id. */
  private JsonNode assertStatus(HttpResponse<String> r, int http, StatusCode code) {
    return assertStatus(r, http, code, 0);
  }

  /** The same, where {@code after} more details follow the RequestInfo (a RetryInfo, say). */
  private JsonNode assertStatus(HttpResponse<String> r, int http, StatusCode code, int after) {
    assertThat(r.statusCode()).isEqualTo(http);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode status = json(r);
    assertThat(status.get("code").asInt()).isEqualTo(code.number());
    assertThat(status.get("message").asText()).isNotBlank();
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();
    JsonNode info = status.get("details").get(status.get("details").size() - 1 - after);
    assertThat(info.get("@type").asText()).isEqualTo(OperationStatus.REQUEST_INFO_TYPE);
    assertThat(info.get("requestId").asText()).isEqualTo(requestId);
    return status;
  }

  // ---------------------------------------------------------------- the service's routes

  @Test
  void submitAnswersExactlyTheDocumentedFirstResponse() {
    HttpResponse<String> r = call("POST", GENERATE, VALID);

    String id = emulator.store().operationIds().get(0);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"id\":\"" + id + "\",\"description\":\"\",\"createdAt\":null,"
        + "\"createdBy\":\"\",\"modifiedAt\":null,\"done\":false,\"metadata\":null}");
  }

  @Test
  void readsCarryRfc3339Timestamps() {
    emulator.store().enqueueOutcome(Outcome.neverDone());
    String id = submit();

    JsonNode op = json(call("GET", "/operations/" + id, null));

    assertThat(op.get("id").asText()).isEqualTo(id);
    assertThat(op.get("done").asBoolean()).isFalse();
    assertThat(op.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3,9})?Z");
    assertThat(Instant.parse(op.get("modifiedAt").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(op.get("metadata").isNull()).isTrue();
    assertThat(op.has("error")).isFalse();
    assertThat(op.has("response")).isFalse();
  }

  @Test
  void aDoneOperationCarriesTheTypedImageResponse() {
    byte[] image = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3};
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1).withImage(GeneratedImage.of(image, "art-1")));
    String id = submit();

    JsonNode op = json(call("GET", "/operations/" + id, null));

    assertThat(op.get("done").asBoolean()).isTrue();
    JsonNode response = op.get("response");
    assertThat(response.get("@type").asText()).isEqualTo(
        "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse");
    assertThat(Base64.getDecoder().decode(response.get("image").asText())).isEqualTo(image);
    assertThat(response.get("modelVersion").asText()).isEqualTo("art-1");
    assertThat(op.has("error")).isFalse();
  }

  @Test
  void aFailedOperationCarriesItsStatus() {
    emulator.store().enqueueOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "the prompt breaks the rules")));
    String id = submit();

    JsonNode op = json(call("GET", "/operations/" + id, null));

    assertThat(op.get("done").asBoolean()).isTrue();
    assertThat(op.get("error").toString())
        .isEqualTo("{\"code\":3,\"message\":\"the prompt breaks the rules\",\"details\":[]}");
    assertThat(op.has("response")).isFalse();
  }

  @Test
  void cancelIsAGetOfTheCancelVerb() {
    emulator.store().enqueueOutcome(Outcome.neverDone());
    String id = submit();

    JsonNode op = json(call("GET", "/operations/" + id + ":cancel", null));

    assertThat(op.get("done").asBoolean()).isTrue();
    assertThat(op.get("error").get("code").asInt()).isEqualTo(1);
    assertStatus(call("POST", "/operations/" + id + ":cancel", ""), 405, StatusCode.UNIMPLEMENTED);
  }

  @Test
  void anUnknownOperationIsNotFound() {
    JsonNode status = assertStatus(call("GET", "/operations/fbvnosuchoperation00", null), 404, StatusCode.NOT_FOUND);
    assertThat(status.get("message").asText()).contains("fbvnosuchoperation00");
  }

  @Test
  void anEscapedIdIsDecoded() {
    JsonNode status = assertStatus(call("GET", "/operations/no%20such%2Fop", null), 404, StatusCode.NOT_FOUND);
    assertThat(status.get("message").asText()).contains("no such/op");
  }

  @Test
  void protoFieldNamesAndEitherNumberSpellingAreAccepted() {
    HttpResponse<String> r = call("POST", GENERATE, "{\"model_uri\":\"art://b1gtest/yandex-art/latest\","
        + "\"messages\":[{\"text\":\"a\",\"weight\":1},{\"text\":\"b\",\"weight\":\"-0.5\"}],"
        + "\"generation_options\":{\"mime_type\":\"image/jpeg\",\"seed\":42,"
        + "\"aspect_ratio\":{\"width_ratio\":\"16\",\"height_ratio\":9}}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(emulator.store().submittedRequests()).containsExactly(ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gtest"))
        .addMessage("a", 1)
        .addMessage("b", -0.5)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(42).aspectRatio(AspectRatio.of(16, 9)).build())
        .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\"}],\"prompt\":\"x\"}",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1,\"role\":\"user\"}]}",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}],"
          + "\"generationOptions\":{\"steps\":\"20\"}}",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}],"
          + "\"generationOptions\":{\"aspectRatio\":{\"widthRatio\":\"1\",\"heightRatio\":\"1\",\"depth\":1}}}"})
  void unknownFieldsAreRefusedWithInvalidArgument(String body) {
    JsonNode status = assertStatus(call("POST", GENERATE, body), 400, StatusCode.INVALID_ARGUMENT);
    assertThat(status.get("message").asText()).contains("unknown field");
    assertThat(emulator.store().submittedRequests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "not json", "[]", "{\"modelUri\":5}", "{\"messages\":{}}", "{} {}"})
  void malformedBodiesAreRefusedWithInvalidArgument(String body) {
    assertStatus(call("POST", GENERATE, body), 400, StatusCode.INVALID_ARGUMENT);
    assertThat(emulator.store().submittedRequests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[]}|no messages",
      "{\"messages\":[{\"text\":\"x\",\"weight\":1}]}|no model URI",
      "{\"modelUri\":\"art:///yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}]}|folder",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":-1}]}|positive weight",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}],"
          + "\"generationOptions\":{\"seed\":\"-1\"}}|seed -1 is negative",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}],"
          + "\"generationOptions\":{\"seed\":\"12x\"}}|int64",
      "{\"modelUri\":\"art://b1gtest/yandex-art/latest\",\"messages\":[{\"text\":\"x\",\"weight\":1}],"
          + "\"generationOptions\":{\"aspectRatio\":{\"widthRatio\":\"2\"}}}|aspect ratio 2:0"})
  void invalidRequestsAreRefusedWithTheReason(String caseAndReason) {
    String[] parts = caseAndReason.split("\\|");
    JsonNode status = assertStatus(call("POST", GENERATE, parts[0]), 400, StatusCode.INVALID_ARGUMENT);
    assertThat(status.get("message").asText()).contains(parts[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Basic dXNlcjpwYXNz", "Bearer ", "Api-Key"})
  void aMissingOrMalformedAuthorizationIsUnauthenticated(String authorization) {
    HttpRequest.Builder r = request("POST", GENERATE, VALID);
    if (!authorization.isEmpty()) {
      r.header("Authorization", authorization);
    }
    assertStatus(send(r), 401, StatusCode.UNAUTHENTICATED);
    assertThat(emulator.store().submittedRequests()).isEmpty();
  }

  @Test
  void wrongMethodsAndUnknownPathsAnswerAsAGatewayWould() {
    HttpResponse<String> get = call("GET", GENERATE, null);
    assertStatus(get, 405, StatusCode.UNIMPLEMENTED);
    assertThat(get.headers().firstValue("allow")).contains("POST");
    assertStatus(call("DELETE", "/operations/abc", null), 405, StatusCode.UNIMPLEMENTED);
    assertStatus(call("GET", "/foundationModels/v1/completion", null), 404, StatusCode.NOT_FOUND);
    assertStatus(call("GET", "/operations/", null), 404, StatusCode.NOT_FOUND);
    assertStatus(call("GET", "/operations/a/b", null), 404, StatusCode.NOT_FOUND);
  }

  @Test
  void everyAnswerHasFreshRequestAndTraceIds() {
    HttpResponse<String> a = call("POST", GENERATE, VALID);
    HttpResponse<String> b = call("GET", "/operations/" + json(a).get("id").asText(), null);
    HttpResponse<String> c = call("GET", "/nowhere", null);
    for (String header : new String[] {"x-request-id", "x-server-trace-id"}) {
      assertThat(a.headers().firstValue(header)).as(header).isPresent();
      assertThat(b.headers().firstValue(header)).as(header).isPresent()
          .isNotEqualTo(a.headers().firstValue(header));
      assertThat(c.headers().firstValue(header)).as(header).isPresent();
    }
  }

  @Test
  void theStoresPollHintGoesOutWithRunningOperations() {
    emulator.store().setPollIntervalHint(Duration.ofMillis(1500));
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(2));

    HttpResponse<String> submitted = call("POST", GENERATE, VALID);
    String id = json(submitted).get("id").asText();
    HttpResponse<String> running = call("GET", "/operations/" + id, null);
    HttpResponse<String> done = call("GET", "/operations/" + id, null);

    assertThat(submitted.headers().firstValue("x-operation-poll-interval")).contains("1.5");
    assertThat(running.headers().firstValue("x-operation-poll-interval")).contains("1.5");
    assertThat(json(done).get("done").asBoolean()).isTrue();
    assertThat(done.headers().firstValue("x-operation-poll-interval")).isEmpty();
  }

  @Test
  void durationsAreWrittenAsProtobufSeconds() {
    assertThat(RestJson.seconds(Duration.ofSeconds(2))).isEqualTo("2");
    assertThat(RestJson.seconds(Duration.ofSeconds(20))).isEqualTo("20");
    assertThat(RestJson.seconds(Duration.ofMillis(1500))).isEqualTo("1.500");
    assertThat(RestJson.seconds(Duration.ofNanos(250_000))).isEqualTo("0.000250");
    assertThat(RestJson.seconds(Duration.ofNanos(1))).isEqualTo("0.000000001");
  }

  @Test
  void aSeedOfZeroIsNoSeedAsInProto3() {
    call("POST", GENERATE, "{\"modelUri\":\"art://b1gtest/yandex-art/latest\","
        + "\"messages\":[{\"text\":\"a\",\"weight\":1}],\"generationOptions\":{\"seed\":\"0\"}}");
    assertThat(emulator.store().submittedRequests().get(0).options().seed()).isEmpty();
  }

  @Test
  void aStoreRefusalWithRetryAfterSendsTheHeaderInWholeSeconds() {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofMillis(1500));

    HttpResponse<String> r = call("POST", GENERATE, VALID);

    JsonNode status = assertStatus(r, 429, StatusCode.RESOURCE_EXHAUSTED, 1);
    assertThat(r.headers().firstValue("retry-after")).contains("2");
    assertThat(status.get("details").toString()).contains(
        "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.500s\"}");
    emulator.store().faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, null);
    HttpResponse<String> unavailable = call("POST", GENERATE, VALID);
    assertStatus(unavailable, 503, StatusCode.UNAVAILABLE);
    assertThat(unavailable.headers().firstValue("retry-after")).isEmpty();
  }

  @Test
  void everyRequestIsRecordedWithLowerCaseHeadersAndItsBody() {
    send(request("POST", GENERATE, VALID).header("Authorization", KEY).header("X-Folder-Id", "b1gfolder")
        .header("X-Client-Request-Id", "crid-1"));
    call("GET", "/nowhere?x=1", null);

    assertThat(emulator.requests()).extracting(RecordedRequest::method)
        .containsExactly("POST " + GENERATE, "GET /nowhere?x=1");
    RecordedRequest submit = emulator.requests().get(0);
    assertThat(submit.protocol()).isEqualTo(RecordedRequest.Protocol.REST);
    assertThat(submit.headers()).containsKeys("authorization", "x-folder-id", "x-client-request-id");
    assertThat(submit.header("X-FOLDER-ID")).contains("b1gfolder");
    assertThat(submit.body()).isEqualTo(VALID);
  }

  // ---------------------------------------------------------------- transport faults

  @Test
  void aDroppedConnectionGetsNoAnswerButTheCallTakesEffect() {
    emulator.faults().dropNextConnections(1);

    assertThatThrownBy(() -> http.send(request("POST", GENERATE, VALID).header("Authorization", KEY).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

    assertThat(emulator.store().submittedRequests()).hasSize(1);
    assertThat(call("POST", GENERATE, VALID).statusCode()).isEqualTo(200);
  }

  @Test
  void aDelayedAnswerDoesNotHoldUpOtherCalls() throws Exception {
    emulator.faults().delayNextResponses(1, Duration.ofSeconds(60));
    CompletableFuture<HttpResponse<String>> a = http.sendAsync(
        request("POST", GENERATE, VALID).header("Authorization", KEY).build(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> b = http.sendAsync(
        request("POST", GENERATE, VALID).header("Authorization", KEY).build(), HttpResponse.BodyHandlers.ofString());

    CompletableFuture.anyOf(a, b).get(20, TimeUnit.SECONDS);

    assertThat(a.isDone() ^ b.isDone()).as("exactly one answer is held back").isTrue();
    assertThat((a.isDone() ? a : b).get().statusCode()).isEqualTo(200);
    assertThat(emulator.store().submittedRequests()).hasSize(2);
  }

  @Test
  void aLargeImageIsStreamedInChunks() {
    byte[] image = new byte[3 << 20];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (i * 7 + (i >> 9));
    }
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1).withImage(GeneratedImage.wrap(image, null)));
    String id = submit();

    HttpResponse<String> r = call("GET", "/operations/" + id, null);

    assertThat(r.headers().firstValue("content-length")).isEmpty();
    assertThat(r.headers().firstValue("transfer-encoding")).contains("chunked");
    assertThat(Base64.getDecoder().decode(json(r).get("response").get("image").asText())).isEqualTo(image);
  }
}
