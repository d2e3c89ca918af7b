package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the transport puts on the wire, as the emulator recorded it. */
class RestWireTest {
  private static YandexArtEmulator emulator;
  private static ImageGenerator generator;

  @BeforeAll
  static void start() {
    emulator = TestSupport.startEmulator();
    generator = new RestImageGeneratorProvider().create(config(emulator.restEndpoint()).build());
  }

  @AfterAll
  static void stop() {
    if (generator != null) {
      generator.close();
    }
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static RecordedRequest only() {
    List<RecordedRequest> requests = emulator.requests();
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static RecordedRequest last() {
    List<RecordedRequest> requests = emulator.requests();
    return requests.get(requests.size() - 1);
  }

  @Test
  void submitPostsTheRequestAsExactJson() {
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gwire"))
        .addMessage("a lighthouse at dusk")
        .addMessage("fog", -0.5)
        .options(ImageGenerationOptions.builder().seed(1863).aspectRatio(AspectRatio.of(2, 1)).build())
        .build();

    Operation op = result(generator.submit(request));

    RecordedRequest sent = only();
    assertThat(sent.method()).isEqualTo("POST /foundationModels/v1/imageGenerationAsync");
    assertThat(sent.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(sent.body()).isEqualTo("{\"modelUri\":\"art://b1gwire/yandex-art/latest\","
        + "\"messages\":[{\"text\":\"a lighthouse at dusk\",\"weight\":1},{\"text\":\"fog\",\"weight\":-0.5}],"
        + "\"generationOptions\":{\"seed\":\"1863\",\"aspectRatio\":{\"widthRatio\":\"2\",\"heightRatio\":\"1\"}}}");
    assertThat(emulator.store().submittedRequests()).containsExactly(request);
    assertThat(op.id()).isEqualTo(emulator.store().operationIds().get(0));
  }

  @Test
  void submitAnswerIsTheDocumentedFirstResponse() {
    Operation op = result(generator.submit(TestSupport.request("a red cat")));

    assertThat(op.done()).isFalse();
    assertThat(op.createdAt()).isEmpty();
    assertThat(op.modifiedAt()).isEmpty();
    assertThat(op.description()).isEmpty();
  }

  @Test
  void readIsAGetOfTheOperationWithTimestamps() {
    emulator.store().enqueueOutcome(Outcome.neverDone());
    String id = result(generator.submit(TestSupport.request("a red cat"))).id();

    Operation op = result(generator.getOperation(id));

    assertThat(last().method()).isEqualTo("GET /operations/" + id);
    assertThat(last().body()).isEmpty();
    assertThat(op.createdAt()).isPresent();
    assertThat(op.modifiedAt()).isPresent();
  }

  @Test
  void cancelIsAGetOfTheCancelVerb() {
    emulator.store().enqueueOutcome(Outcome.neverDone());
    String id = result(generator.submit(TestSupport.request("a red cat"))).id();

    Operation op = result(generator.cancelOperation(id));

    assertThat(last().method()).isEqualTo("GET /operations/" + id + ":cancel");
    assertThat(op.error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
  }

  @Test
  void operationIdIsPercentEncodedIntoOnePathSegment() {
    failure(generator.getOperation("../x y/z:cancel?q#f"));
    failure(generator.cancelOperation("a/b"));

    List<RecordedRequest> requests = emulator.requests();
    assertThat(requests).extracting(RecordedRequest::method).containsExactly(
        "GET /operations/..%2Fx%20y%2Fz%3Acancel%3Fq%23f",
        "GET /operations/a%2Fb:cancel");
  }

  @Test
  void theServicesPollHintBecomesThePollInterval() {
    emulator.store().setPollIntervalHint(Duration.ofMillis(2500));
    emulator.store().enqueueOutcome(Outcome.neverDone());

    Operation submitted = result(generator.submit(TestSupport.request("a red cat")));
    Operation read = result(generator.getOperation(submitted.id()));

    assertThat(submitted.pollInterval()).contains(Duration.ofMillis(2500));
    assertThat(read.pollInterval()).contains(Duration.ofMillis(2500));
  }

  @Test
  void anEncodedIdReachesTheServiceDecoded() {
    ApiCallException e = failure(generator.getOperation("no such/op"));

    assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(e.getMessage()).contains("no such/op");
    assertThat(e.operationId()).contains("no such/op");
  }
}
