package io.github.yandexart.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.Credentials;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountCredentialsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private FakeIam iam;
  private ServiceAccountKey key;

  @BeforeEach
  void setUp() {
    iam = new FakeIam(clock);
    key = ServiceAccountKey.fromFile(TestKeys.write(dir, "key.json", TestKeys.keyFileJson()));
  }

  @AfterEach
  void tearDown() {
    iam.close();
  }

  private ServiceAccountCredentials credentials() {
    return ServiceAccountCredentials.builder(key)
        .iamEndpoint(iam.endpoint())
        .clock(clock)
        .scheduler(scheduler)
        .build();
  }

  private static ApiCallException failureOf(CompletableFuture<String> f) {
    Throwable t = catchThrowable(() -> f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(ApiCallException.class);
    return (ApiCallException) t.getCause();
  }

  @Test
  void exchangesAPs256JwtSignedWithTheKeyForABearerToken() {
    ServiceAccountCredentials credentials = credentials();

    assertThat(credentials.authorization().join()).isEqualTo("Bearer t1.token-1");

    assertThat(iam.problems()).isEmpty();
    assertThat(iam.jwts()).hasSize(1);
    assertThat(credentials.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
    assertThat(iam.requests().get(0).path()).isEqualTo("/iam/v1/tokens");
  }

  @Test
  void theFakeIamRefusesAJwtSignedWithAnotherKey() {
    ServiceAccountKey other = ServiceAccountKey.fromJson(TestKeys.keyFileJson(TestKeys.KEY_ID,
        TestKeys.SERVICE_ACCOUNT_ID, "RSA_2048", null,
        TestKeys.pem("PRIVATE KEY", TestKeys.generate("RSA", 2048).getPrivate().getEncoded())));
    ServiceAccountCredentials credentials = ServiceAccountCredentials.builder(other)
        .iamEndpoint(iam.endpoint()).clock(clock).scheduler(scheduler).build();

    ApiCallException e = failureOf(credentials.authorization());

    assertThat(iam.problems()).containsExactly("bad signature");
    assertThat(e.getMessage()).contains("answered HTTP 401: The token is invalid",
        "check that the key still exists");
  }

  @Test
  void laterCallsUseTheCachedToken() {
    ServiceAccountCredentials credentials = credentials();
    credentials.authorization().join();
    clock.advance(Duration.ofMinutes(59));

    assertThat(credentials.authorization().join()).isEqualTo("Bearer t1.token-1");
    assertThat(iam.requestCount()).isEqualTo(1);
  }

  @Test
  void aTokenOneHourOldIsExchangedAgainWithAFreshlySignedJwt() throws InterruptedException {
    ServiceAccountCredentials credentials = credentials();
    credentials.authorization().join();
    iam.awaitArrivals(1, PATIENCE);

    clock.advance(Duration.ofHours(1));
    assertThat(credentials.authorization().join()).as("still valid, returned at once").isEqualTo("Bearer t1.token-1");
    iam.awaitArrivals(1, PATIENCE);

    // Past the first token's expiry the call must come from the second exchange, cached or in flight.
    clock.advance(Duration.ofHours(11));
    assertThat(credentials.authorization().join()).isEqualTo("Bearer t1.token-2");
    assertThat(iam.requestCount()).isEqualTo(2);
    assertThat(iam.problems()).isEmpty();
    assertThat(iam.jwts().get(0)).isNotEqualTo(iam.jwts().get(1));
  }

  @Test
  void concurrentCallersShareOneExchange() throws Exception {
    ServiceAccountCredentials credentials = credentials();
    int callers = 16;
    iam.hold();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CyclicBarrier together = new CyclicBarrier(callers);
      List<Future<CompletableFuture<String>>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(pool.submit(() -> {
          together.await();
          return credentials.authorization();
        }));
      }
      List<CompletableFuture<String>> waiting = new ArrayList<>();
      for (Future<CompletableFuture<String>> call : calls) {
        waiting.add(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
      }
      iam.awaitArrivals(1, PATIENCE);
      assertThat(waiting).as("every caller waits for the held answer").noneMatch(CompletableFuture::isDone);

      iam.release();

      for (CompletableFuture<String> w : waiting) {
        assertThat(w.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Bearer t1.token-1");
      }
      assertThat(iam.requestCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidateDropsTheRejectedTokenSoTheNextCallExchangesAgain() {
    ServiceAccountCredentials credentials = credentials();
    String first = credentials.authorization().join();

    credentials.invalidate("Bearer t1.some-other-token");
    assertThat(credentials.authorization().join()).isEqualTo(first);
    assertThat(iam.requestCount()).isEqualTo(1);

    credentials.invalidate(first);
    assertThat(credentials.authorization().join()).isEqualTo("Bearer t1.token-2");
    assertThat(iam.requestCount()).isEqualTo(2);
  }

  @Test
  void anExpiredTokenWithAFailingIamEndsInAnAuthenticationErrorNamingTheKey() {
    ServiceAccountCredentials credentials = credentials();
    credentials.authorization().join();
    iam.respond((request, n) -> new LocalServer.Reply(500, "{\"code\":13,\"message\":\"Internal error\"}"));
    clock.advance(Duration.ofHours(12));

    ApiCallException e = failureOf(credentials.authorization());

    assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CLIENT);
    assertThat(e.getMessage()).isEqualTo("UNAUTHENTICATED: the IAM token from service-account key "
        + TestKeys.KEY_ID + " from " + key.file().orElseThrow() + " expired at 2026-01-01T12:00:00Z"
        + " and getting a new one failed: the IAM endpoint " + iam.endpoint()
        + "/iam/v1/tokens answered HTTP 500: Internal error");
    assertThat(iam.requestCount()).as("first exchange plus three attempts").isEqualTo(4);
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aRefusalByIamIsNotRetried() {
    iam.respond((request, n) -> new LocalServer.Reply(403, "{\"code\":7,\"message\":\"Permission denied\"}"));

    ApiCallException e = failureOf(credentials().authorization());

    assertThat(e.getMessage()).contains("could not get an IAM token from service-account key " + TestKeys.KEY_ID,
        "HTTP 403: Permission denied");
    assertThat(iam.requestCount()).isEqualTo(1);
  }

  @Test
  void anUnreachableIamEndpointIsReportedAsNoConnection() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ServiceAccountCredentials credentials = ServiceAccountCredentials.builder(key)
        .iamEndpoint(URI.create("http://127.0.0.1:" + closedPort))
        .clock(clock).scheduler(scheduler).build();

    ApiCallException e = failureOf(credentials.authorization());

    assertThat(e.getMessage()).contains("could not connect to the IAM endpoint http://127.0.0.1:" + closedPort);
    assertThat(scheduler.delays()).as("retried: nothing was sent").hasSize(2);
  }

  @Test
  void aHungIamEndpointEndsInATimeout() {
    iam.hold();
    ServiceAccountCredentials credentials = ServiceAccountCredentials.builder(key)
        .iamEndpoint(iam.endpoint()).clock(clock).scheduler(scheduler)
        // long enough to connect on a loaded machine: a timeout while connecting reads "could not connect"
        .requestTimeout(Duration.ofSeconds(1)).build();

    ApiCallException e = failureOf(credentials.authorization());

    assertThat(e.getMessage()).contains("did not answer within PT1S");
  }

  @Test
  void aReplyThatIsNotATokenReplyIsReported() {
    iam.respond((request, n) -> new LocalServer.Reply(200, "<html>proxy login</html>"));
    assertThat(failureOf(credentials().authorization()).getMessage())
        .endsWith("the reply from the IAM endpoint " + iam.endpoint() + "/iam/v1/tokens is not valid JSON"
            + " (syntax error at line 1, column 1)");

    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"expiresAt\":\"2026-01-02T00:00:00Z\"}"));
    assertThat(failureOf(credentials().authorization()).getMessage()).endsWith("has no iamToken");

    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"iamToken\":\"t1.x\",\"expiresAt\":\"tomorrow\"}"));
    assertThat(failureOf(credentials().authorization()).getMessage())
        .endsWith("has an expiresAt that is not an RFC 3339 time");

    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"iamToken\":\"t1.x\",\"expiresAt\":\"2025-12-31T23:00:00Z\"}"));
    assertThat(failureOf(credentials().authorization()).getMessage()).endsWith(": check the clock");
  }

  @Test
  void aReplyWithAnOffsetAndFractionalSecondsIsAccepted() {
    iam.respond((request, n) -> new LocalServer.Reply(200,
        "{\"iamToken\":\"t1.x\",\"expiresAt\":\"2026-01-01T15:00:00.123456789+03:00\",\"extra\":{\"a\":[1]}}"));
    ServiceAccountCredentials credentials = credentials();
    credentials.authorization().join();

    clock.advance(Duration.ofMinutes(53)); // a 1 h token: refreshed once less than 6 min are left
    credentials.authorization().join();
    assertThat(iam.requestCount()).isEqualTo(1);
  }

  @Test
  void aHugeReplyIsRefused() {
    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"pad\":\"" + "x".repeat(100_000) + "\"}"));

    assertThat(failureOf(credentials().authorization()).getMessage())
        .contains("sent a reply larger than 64 KiB");
  }

  @Test
  void aPlaintextIamEndpointIsAcceptedOnlyForLoopbackUnlessAllowed() {
    assertThatThrownBy(() -> ServiceAccountCredentials.builder(key).iamEndpoint("http://iam.example.com").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IAM endpoint http://iam.example.com is plaintext http://");
    assertThat(ServiceAccountCredentials.builder(key).iamEndpoint("http://iam.example.com")
        .allowInsecure(true).build().iamEndpoint()).isEqualTo(URI.create("http://iam.example.com"));
    assertThat(ServiceAccountCredentials.builder(key).iamEndpoint("http://localhost:1/").build().iamEndpoint())
        .isEqualTo(URI.create("http://localhost:1"));
  }

  @Test
  void anIamEndpointWithAPathIsRefused() {
    assertThatThrownBy(() -> ServiceAccountCredentials.builder(key)
        .iamEndpoint("https://iam.api.cloud.yandex.net/iam/v1/tokens").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a path: give only the base");
  }

  @Test
  void describeAndToStringNameTheKeyAndItsFile() {
    ServiceAccountCredentials credentials = credentials();

    assertThat(credentials.describe())
        .isEqualTo("service-account key " + TestKeys.KEY_ID + " from " + key.file().orElseThrow());
    assertThat(credentials.toString()).contains(credentials.describe(), iam.endpoint().toString());
    assertThat(ServiceAccountCredentials.of(ServiceAccountKey.fromJson(TestKeys.keyFileJson())).describe())
        .isEqualTo("service-account key " + TestKeys.KEY_ID);
  }

  @Test
  void theDefaultIamEndpointIsYandexCloudsAndNothingIsSentOnConstruction() {
    ServiceAccountCredentials credentials = ServiceAccountCredentials.of(key);

    assertThat(credentials.iamEndpoint()).isEqualTo(URI.create("https://iam.api.cloud.yandex.net"));
  }
}
