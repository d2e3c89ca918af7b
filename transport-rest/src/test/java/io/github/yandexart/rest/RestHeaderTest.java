package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each request header rule, checked on what the emulator received. */
class RestHeaderTest {
  private static YandexArtEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = TestSupport.startEmulator();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    emulator.store().setDefaultOutcome(Outcome.neverDone());
  }

  /** Submits, reads and cancels once with {@code config}; returns the three recorded requests. */
  private static List<RecordedRequest> threeCalls(UnaryOperator<ClientConfig.Builder> configure) {
    try (ImageGenerator generator = new RestImageGeneratorProvider()
        .create(configure.apply(config(emulator.restEndpoint())).build())) {
      Operation op = result(generator.submit(request("a red cat")));
      result(generator.getOperation(op.id()));
      result(generator.cancelOperation(op.id()));
    }
    List<RecordedRequest> requests = emulator.requests();
    assertThat(requests).hasSize(3);
    return requests;
  }

  @Test
  void everyCallCarriesTheApiKeyAuthorization() {
    for (RecordedRequest r : threeCalls(b -> b)) {
      assertThat(r.header("authorization")).contains("Api-Key " + TestSupport.API_KEY);
    }
  }

  @Test
  void everyCallAsksTheCredentialsAgain() {
    AtomicInteger asked = new AtomicInteger();
    List<RecordedRequest> requests = threeCalls(b -> b.credentials(
        Credentials.iamToken(() -> "t1.token-" + asked.incrementAndGet())));
    assertThat(requests).extracting(r -> r.header("authorization").orElseThrow())
        .containsExactly("Bearer t1.token-1", "Bearer t1.token-2", "Bearer t1.token-3");
  }

  @Test
  void folderIdGoesWithAnIamTokenOnly() {
    for (RecordedRequest r : threeCalls(b -> b.credentials(Credentials.iamToken("t1.iam")).folderId("b1gfolder"))) {
      assertThat(r.header("x-folder-id")).contains("b1gfolder");
    }
    emulator.reset();
    for (RecordedRequest r : threeCalls(b -> b.folderId("b1gfolder"))) {
      assertThat(r.header("x-folder-id")).as("with an API key").isEmpty();
    }
    emulator.reset();
    for (RecordedRequest r : threeCalls(b -> b.credentials(Credentials.iamToken("t1.iam")))) {
      assertThat(r.header("x-folder-id")).as("with no folder configured").isEmpty();
    }
  }

  @Test
  void dataLoggingHeaderIsSentOnlyWhenConfigured() {
    for (RecordedRequest r : threeCalls(b -> b)) {
      assertThat(r.header("x-data-logging-enabled")).isEmpty();
    }
    emulator.reset();
    for (RecordedRequest r : threeCalls(b -> b.dataLogging(false))) {
      assertThat(r.header("x-data-logging-enabled")).contains("false");
    }
    emulator.reset();
    for (RecordedRequest r : threeCalls(b -> b.dataLogging(true))) {
      assertThat(r.header("x-data-logging-enabled")).contains("true");
    }
  }

  @Test
  void eachCallGetsAFreshClientRequestId() {
    AtomicInteger n = new AtomicInteger();
    List<RecordedRequest> requests = threeCalls(b -> b.requestIdSupplier(() -> "crid-" + n.incrementAndGet()));
    assertThat(requests).extracting(r -> r.header("x-client-request-id").orElseThrow())
        .containsExactly("crid-1", "crid-2", "crid-3");
  }

  @Test
  void defaultClientRequestIdsAreDistinctUuids() {
    List<RecordedRequest> requests = threeCalls(b -> b);
    assertThat(requests).extracting(r -> r.header("x-client-request-id").orElseThrow())
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
  }

  @Test
  void userAgentIsTheConfiguredOne() {
    ClientConfig config = config(emulator.restEndpoint()).userAgentSuffix("my-app/1.2").build();
    assertThat(config.userAgent()).startsWith("yandexart-java/").endsWith(" my-app/1.2");
    for (RecordedRequest r : threeCalls(b -> b.userAgentSuffix("my-app/1.2"))) {
      assertThat(r.header("user-agent")).contains(config.userAgent());
    }
  }

  @Test
  void repliesAreAskedForAsJson() {
    for (RecordedRequest r : threeCalls(b -> b)) {
      assertThat(r.header("accept")).contains("application/json");
    }
  }

  @Test
  void noCredentialEverShowsInTheGeneratorsDescription() {
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(
        config(emulator.restEndpoint(), Duration.ofSeconds(5)).build())) {
      assertThat(generator.toString()).doesNotContain(TestSupport.API_KEY).contains("API key");
    }
  }
}
