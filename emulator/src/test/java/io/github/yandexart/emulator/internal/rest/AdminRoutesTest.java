package io.github.yandexart.emulator.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fault injection and inspection over the wire, as a client in another language would use them. */
class AdminRoutesTest {
  private static final String GENERATE = "/foundationModels/v1/imageGenerationAsync";
  private static final String VALID = "{\"modelUri\":\"art://b1gtest/yandex-art/latest\","
      + "\"messages\":[{\"text\":\"a red cat\",\"weight\":1}]}";

  private static YandexArtEmulator emulator;
  private static HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static HttpResponse<String> send(String method, String path, String body, boolean authorized) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(emulator.restEndpoint() + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorized) {
      r.header("Authorization", "Api-Key admin-test");
    }
    try {
      return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> admin(String method, String path, String body) {
    return send(method, "/_emulator/" + path, body, false);
  }

  private static HttpResponse<String> api(String method, String path, String body) {
    return send(method, path, body, true);
  }

  private JsonNode json(String body) throws IOException {
    return mapper.readTree(body);
  }

  private String submit() throws IOException {
    HttpResponse<String> r = api("POST", GENERATE, VALID);
    assertThat(r.statusCode()).isEqualTo(200);
    return json(r.body()).get("id").asText();
  }

  @Test
  void refusedSubmitsComeBackWithRetryAfter() throws IOException {
    HttpResponse<String> set = admin("POST", "faults",
        "{\"refuseSubmits\":{\"count\":2,\"code\":\"RESOURCE_EXHAUSTED\",\"retryAfterSeconds\":3}}");
    assertThat(set.statusCode()).isEqualTo(204);

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refused = api("POST", GENERATE, VALID);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after")).contains("3");
      assertThat(json(refused.body()).get("code").asInt()).isEqualTo(8);
    }
    assertThat(api("POST", GENERATE, VALID).statusCode()).isEqualTo(200);
  }

  @Test
  void refusalsCarryTheirMessageAndReadFailuresTheirWait() throws IOException {
    admin("POST", "faults", "{\"refuseSubmits\":{\"count\":1,\"code\":\"INVALID_ARGUMENT\","
        + "\"message\":\"the prompt breaks the rules\"}}");
    HttpResponse<String> refused = api("POST", GENERATE, VALID);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused.body()).get("message").asText()).isEqualTo("the prompt breaks the rules");

    String id = submit();
    admin("POST", "faults", "{\"failReads\":{\"count\":1,\"retryAfterSeconds\":1}}");
    HttpResponse<String> failed = api("GET", "/operations/" + id, null);
    assertThat(failed.statusCode()).as("UNAVAILABLE unless a code is given").isEqualTo(503);
    assertThat(failed.headers().firstValue("retry-after")).contains("1");
  }

  @Test
  void thePollHintIsSetAndClearedOverTheWire() throws IOException {
    assertThat(admin("POST", "outcomes", "{\"pollIntervalSeconds\":2.5}").statusCode()).isEqualTo(204);
    String id = submit();
    assertThat(api("GET", "/operations/" + id, null).headers().firstValue("x-operation-poll-interval"))
        .contains("2.5");

    assertThat(admin("POST", "outcomes", "{\"pollIntervalSeconds\":null}").statusCode()).isEqualTo(204);
    assertThat(api("GET", "/operations/" + id, null).headers().firstValue("x-operation-poll-interval")).isEmpty();
    assertThat(admin("POST", "outcomes", "{\"pollIntervalSeconds\":0}").statusCode()).isEqualTo(400);
  }

  @Test
  void failedReadsAndNotFoundLagByCodeNumberOrName() throws IOException {
    assertThat(admin("POST", "faults", "{\"notFoundLag\":1}").statusCode()).isEqualTo(204);
    String id = submit();
    assertThat(api("GET", "/operations/" + id, null).statusCode()).isEqualTo(404);

    assertThat(admin("POST", "faults", "{\"failReads\":{\"count\":1,\"code\":14}}").statusCode()).isEqualTo(204);
    assertThat(api("GET", "/operations/" + id, null).statusCode()).isEqualTo(503);
    assertThat(api("GET", "/operations/" + id, null).statusCode()).isEqualTo(200);
  }

  @Test
  void droppedConnectionsAndClear() {
    assertThat(admin("POST", "faults", "{\"dropConnections\":2}").statusCode()).isEqualTo(204);
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(emulator.restEndpoint() + GENERATE))
        .header("Authorization", "Api-Key x").POST(HttpRequest.BodyPublishers.ofString(VALID)).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);

    assertThat(admin("POST", "faults", "{\"clear\":true}").statusCode()).isEqualTo(204);
    assertThat(api("POST", GENERATE, VALID).statusCode()).isEqualTo(200);
  }

  @Test
  void delayedResponsesAreSetOverTheWire() {
    assertThat(admin("POST", "faults", "{\"delayResponses\":{\"count\":1,\"millis\":60000}}").statusCode())
        .isEqualTo(204);
    assertThat(emulator.faults().takeDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(emulator.faults().takeDelay()).isEqualTo(Duration.ZERO);
  }

  @Test
  void outcomesAreQueuedInOrderAndTheDefaultReplaced() throws IOException {
    HttpResponse<String> set = admin("POST", "outcomes", "{\"next\":["
        + "{\"failAfterReads\":1,\"code\":\"INVALID_ARGUMENT\",\"message\":\"unsafe prompt\"},"
        + "{\"cancelAfterReads\":1},"
        + "{\"neverDone\":true}],"
        + "\"default\":{\"succeedAfterReads\":0}}");
    assertThat(set.statusCode()).isEqualTo(204);

    JsonNode failed = json(api("GET", "/operations/" + submit(), null).body());
    JsonNode cancelled = json(api("GET", "/operations/" + submit(), null).body());
    JsonNode running = json(api("GET", "/operations/" + submit(), null).body());
    JsonNode done = json(api("GET", "/operations/" + submit(), null).body());

    assertThat(failed.get("error").get("code").asInt()).isEqualTo(3);
    assertThat(failed.get("error").get("message").asText()).isEqualTo("unsafe prompt");
    assertThat(cancelled.get("error").get("code").asInt()).isEqualTo(1);
    assertThat(running.get("done").asBoolean()).isFalse();
    assertThat(done.get("response").get("image").asText()).isNotEmpty();
  }

  @Test
  void requestsListsWhatTheServiceReceived() throws IOException {
    String id = submit();
    api("GET", "/operations/" + id, null);

    JsonNode requests = json(admin("GET", "requests", null).body());

    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).get("protocol").asText()).isEqualTo("REST");
    assertThat(requests.get(0).get("method").asText()).isEqualTo("POST " + GENERATE);
    assertThat(requests.get(0).get("headers").get("authorization").get(0).asText()).isEqualTo("Api-Key admin-test");
    assertThat(requests.get(0).get("body").asText()).isEqualTo(VALID);
    assertThat(requests.get(1).get("method").asText()).isEqualTo("GET /operations/" + id);
  }

  @Test
  void resetForgetsOperationsRequestsAndFaults() throws IOException {
    String id = submit();
    admin("POST", "faults", "{\"refuseSubmits\":{\"count\":1,\"code\":\"UNAVAILABLE\"}}");

    assertThat(admin("POST", "reset", "").statusCode()).isEqualTo(204);

    assertThat(emulator.requests()).isEmpty();
    assertThat(api("GET", "/operations/" + id, null).statusCode()).isEqualTo(404);
    assertThat(api("POST", GENERATE, VALID).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "faults|{\"refuseSubmit\":{\"count\":1,\"code\":8}}|unknown key \"refuseSubmit\"",
      "faults|{\"refuseSubmits\":{\"count\":1,\"code\":\"SLOW\"}}|google.rpc code",
      "faults|{\"refuseSubmits\":{\"count\":-1,\"code\":8}}|whole number",
      "faults|[1]|JSON object",
      "faults|{oops|not valid JSON",
      "outcomes|{\"next\":[{\"succeedAfterReads\":1,\"neverDone\":true}]}|exactly one",
      "outcomes|{\"next\":[{\"failAfterReads\":1}]}|code",
      "outcomes|{\"next\":{\"succeedAfterReads\":1}}|array"})
  void badAdminBodiesChangeNothingAndSayWhy(String routeBodyReason) throws IOException {
    String[] parts = routeBodyReason.split("\\|");
    HttpResponse<String> r = admin("POST", parts[0], parts[1]);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r.body()).get("message").asText()).contains(parts[2]);
    assertThat(api("POST", GENERATE, VALID).statusCode()).isEqualTo(200);
  }

  @Test
  void aHalfValidBodyAppliesNothing() {
    HttpResponse<String> r = admin("POST", "faults",
        "{\"dropConnections\":1,\"failReads\":{\"count\":1,\"code\":\"NOPE\"}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(emulator.faults().takeDrop()).isFalse();
  }

  @Test
  void adminRoutesAnswerWrongMethodsAndUnknownPaths() {
    assertThat(admin("GET", "faults", null).statusCode()).isEqualTo(405);
    assertThat(admin("POST", "requests", "").statusCode()).isEqualTo(405);
    assertThat(admin("POST", "explode", "").statusCode()).isEqualTo(404);
    assertThat(emulator.requests()).as("admin calls are not recorded").isEmpty();
  }
}
