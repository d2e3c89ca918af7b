package io.github.yandexart.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationRequest;
import io.github.yandexart.proto.imagegeneration.Message;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.VirtualScheduler;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The emulator as Yandex Cloud IAM: JWTs exchanged for tokens, and only its tokens accepted. */
class IamTokensTest {
  static final String GENERATE = "/foundationModels/v1/imageGenerationAsync";
  static final String VALID_REQUEST = "{\"modelUri\":\"art://b1gtest/yandex-art/latest\","
      + "\"messages\":[{\"text\":\"a red cat\",\"weight\":\"1\"}]}";

  @TempDir
  static Path dir;

  static TestServiceAccountKey trusted;
  static TestServiceAccountKey stranger;
  static VirtualScheduler time;
  static YandexArtEmulator emulator;
  static HttpClient http;
  static ManagedChannel channel;
  final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() {
    trusted = TestServiceAccountKey.generate();
    stranger = TestServiceAccountKey.generate();
    Path file = trusted.writeTo(dir.resolve("key.json"));
    time = new VirtualScheduler();
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).clock(time.clock()).build())
        .trustServiceAccountKey(file)
        .build().start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", emulator.grpcEndpoint().getPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  static String validJwt() {
    Instant now = time.now();
    return Jwts.sign(trusted.privateKey(), Jwts.header(trusted.keyId()),
        Jwts.claims(trusted.serviceAccountId(), Jwts.AUDIENCE, now, now.plusSeconds(3600)));
  }

  static HttpResponse<String> post(URI base, String path, String body, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> exchange(String body) {
    return post(emulator.iamEndpoint(), "/iam/v1/tokens", body, null);
  }

  static String token() {
    HttpResponse<String> reply = exchange("{\"jwt\":\"" + validJwt() + "\"}");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    try {
      return new ObjectMapper().readTree(reply.body()).get("iamToken").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static HttpResponse<String> generateOverRest(String authorization) {
    return post(emulator.restEndpoint(), GENERATE, VALID_REQUEST, authorization);
  }

  static String generateOverGrpc(String authorization) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    return ImageGenerationAsyncServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .generate(ImageGenerationRequest.newBuilder()
            .setModelUri("art://b1gtest/yandex-art/latest")
            .addMessages(Message.newBuilder().setText("a red cat").setWeight(1))
            .build())
        .getId();
  }

  JsonNode json(HttpResponse<String> reply) throws IOException {
    return mapper.readTree(reply.body());
  }

  @Test
  void aJwtSignedWithATrustedKeyIsExchangedForATwelveHourToken() throws IOException {
    HttpResponse<String> reply = exchange("{\"jwt\":\"" + validJwt() + "\"}");

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = json(reply);
    assertThat(body.get("iamToken").asText()).startsWith("t1.").hasSizeGreaterThan(20);
    assertThat(OffsetDateTime.parse(body.get("expiresAt").asText()).toInstant())
        .isEqualTo(time.now().plus(Duration.ofHours(12)));
    assertThat(exchange("{\"jwt\":\"" + validJwt() + "\"}").body()).doesNotContain(body.get("iamToken").asText());
  }

  @Test
  void theExchangeIsRecordedWithoutTheJwt() {
    String jwt = validJwt();
    exchange("{\"jwt\":\"" + jwt + "\"}");

    assertThat(emulator.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST /iam/v1/tokens");
      assertThat(r.body()).doesNotContain(jwt).doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1));
    });
  }

  /** One wrong thing in an otherwise valid JWT, and the word its message must name. */
  static Stream<Arguments> wrongJwts() {
    Function<Instant, String> iss = t -> trusted.serviceAccountId();
    return Stream.of(
        Arguments.of("bad signature", "signature", (Function<Instant, String>) now -> Jwts.sign(stranger.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3600)))),
        Arguments.of("altered claims", "signature", (Function<Instant, String>) now -> {
          String jwt = validJwt();
          String[] parts = jwt.split("\\.");
          return parts[0] + "." + Jwts.encode(Jwts.claims(stranger.serviceAccountId(), Jwts.AUDIENCE, now,
              now.plusSeconds(3600))) + "." + parts[2];
        }),
        Arguments.of("untrusted kid", "kid", (Function<Instant, String>) now -> Jwts.sign(stranger.privateKey(),
            Jwts.header(stranger.keyId()), Jwts.claims(stranger.serviceAccountId(), Jwts.AUDIENCE, now,
                now.plusSeconds(3600)))),
        Arguments.of("wrong iss", "iss", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(stranger.serviceAccountId(), Jwts.AUDIENCE, now,
                now.plusSeconds(3600)))),
        Arguments.of("wrong aud", "aud", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(iss.apply(now), "https://iam.example.test/iam/v1/tokens",
                now, now.plusSeconds(3600)))),
        Arguments.of("exp too far", "exp", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3601)))),
        Arguments.of("expired", "expired", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now.minusSeconds(3600),
                now))),
        Arguments.of("iat in the future", "iat", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now.plusSeconds(301),
                now.plusSeconds(3601)))),
        Arguments.of("alg RS256", "alg", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"" + trusted.keyId() + "\"}",
            Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3600)))),
        Arguments.of("alg none", "alg", (Function<Instant, String>) now -> Jwts.encode(
            "{\"typ\":\"JWT\",\"alg\":\"none\",\"kid\":\"" + trusted.keyId() + "\"}") + "."
            + Jwts.encode(Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3600))) + ".x"),
        Arguments.of("no typ", "typ", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            "{\"alg\":\"PS256\",\"kid\":\"" + trusted.keyId() + "\"}",
            Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3600)))),
        Arguments.of("no iat", "iat", (Function<Instant, String>) now -> Jwts.sign(trusted.privateKey(),
            Jwts.header(trusted.keyId()), "{\"iss\":\"" + iss.apply(now) + "\",\"aud\":\"" + Jwts.AUDIENCE
                + "\",\"exp\":" + now.plusSeconds(60).getEpochSecond() + "}")),
        Arguments.of("garbage", "malformed", (Function<Instant, String>) now -> "not-a-jwt"),
        Arguments.of("header not JSON", "header", (Function<Instant, String>) now -> "bm90IGpzb24."
            + Jwts.encode(Jwts.claims(iss.apply(now), Jwts.AUDIENCE, now, now.plusSeconds(3600))) + ".c2ln"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongJwts")
  void aJwtWithOneThingWrongIsRefusedWithAMessageNamingIt(String what, String named,
      Function<Instant, String> jwtAt) throws IOException {
    String jwt = jwtAt.apply(time.now());
    HttpResponse<String> reply = exchange("{\"jwt\":\"" + jwt + "\"}");

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
    JsonNode status = json(reply);
    assertThat(status.get("code").asInt()).isEqualTo(16);
    assertThat(status.get("message").asText()).contains(named);
    assertThat(reply.body()).doesNotContain(jwt);
    assertThat(status.get("details").get(0).get("requestId").asText())
        .isEqualTo(reply.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void aJwtIssuedWithinTheClockSkewIsAccepted() {
    Instant now = time.now();
    String jwt = Jwts.sign(trusted.privateKey(), Jwts.header(trusted.keyId()),
        Jwts.claims(trusted.serviceAccountId(), Jwts.AUDIENCE, now.plusSeconds(240), now.plusSeconds(3600)));
    assertThat(exchange("{\"jwt\":\"" + jwt + "\"}").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[]", "{\"jwt\":5}", "{\"jwt\":\"\"}", "{}",
      "{\"jwt\":\"a.b.c\",\"extra\":1}", "{\"jwt\":\"a.b.c\"} {}"})
  void aBodyThatIsNotATokenRequestIsABadRequest(String body) throws IOException {
    HttpResponse<String> reply = exchange(body);

    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(400);
    assertThat(json(reply).get("code").asInt()).isEqualTo(3);
    assertThat(json(reply).get("message").asText()).contains("{\"jwt\":");
  }

  @Test
  void theRouteTakesOnlyPost() {
    HttpResponse<String> reply;
    try {
      reply = http.send(HttpRequest.newBuilder(URI.create(emulator.iamEndpoint() + "/iam/v1/tokens"))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(reply.statusCode()).isEqualTo(405);
    assertThat(reply.headers().firstValue("allow")).hasValue("POST");
  }

  @Test
  void anIssuedTokenAuthorizesCallsOverRestAndGrpc() {
    String bearer = "Bearer " + token();

    HttpResponse<String> rest = generateOverRest(bearer);
    String grpcId = generateOverGrpc(bearer);

    assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
    assertThat(emulator.store().operationIds()).hasSize(2).contains(grpcId);
  }

  @Test
  void aBearerTokenTheEmulatorDidNotIssueIsRefusedOverRestAndGrpc() throws IOException {
    String bearer = "Bearer t1.made-up-by-the-caller";

    HttpResponse<String> rest = generateOverRest(bearer);

    assertThat(rest.statusCode()).isEqualTo(401);
    assertThat(json(rest).get("message").asText()).contains("not issued by this emulator")
        .doesNotContain("made-up-by-the-caller");
    assertThatThrownBy(() -> generateOverGrpc(bearer))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("not issued by this emulator")
              .doesNotContain("made-up-by-the-caller");
        });
    assertThat(emulator.store().operationIds()).isEmpty();
  }

  @Test
  void anIssuedTokenExpiresAfterTwelveHours() throws IOException {
    String bearer = "Bearer " + token();
    time.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(generateOverRest(bearer).statusCode()).isEqualTo(200);

    time.advance(Duration.ofSeconds(1));
    HttpResponse<String> refused = generateOverRest(bearer);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused).get("message").asText()).contains("expired");
  }

  @Test
  void anApiKeyStillAuthorizesCallsWhenKeysAreTrusted() {
    assertThat(generateOverRest("Api-Key anything").statusCode()).isEqualTo(200);
    assertThat(generateOverGrpc("Api-Key anything")).isNotBlank();
  }

  @Test
  void issuedTokensSurviveAReset() {
    String bearer = "Bearer " + token();
    emulator.reset();
    assertThat(generateOverRest(bearer).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTrustedKeysAnyBearerGoesAndTheExchangeSaysHowToTrustAKey() throws IOException {
    try (YandexArtEmulator open = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start()) {
      assertThat(open.trustedKeyIds()).isEmpty();
      assertThat(post(open.restEndpoint(), GENERATE, VALID_REQUEST, "Bearer t1.anything").statusCode())
          .isEqualTo(200);

      HttpResponse<String> reply = post(open.iamEndpoint(), "/iam/v1/tokens",
          "{\"jwt\":\"" + validJwt() + "\"}", null);
      assertThat(reply.statusCode()).isEqualTo(401);
      assertThat(json(reply).get("message").asText()).contains("trusts no service-account keys")
          .contains("--trust-key");
    }
  }

  @Test
  void keysCanBeTrustedByTheirPartsAndTheEmulatorListsThem() {
    try (YandexArtEmulator both = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).clock(time.clock()).build())
        .trustServiceAccountKey(trusted.keyId(), trusted.serviceAccountId(), trusted.publicKey())
        .trustServiceAccountKey(stranger.keyId(), stranger.serviceAccountId(), stranger.publicKey())
        .build().start()) {
      assertThat(both.trustedKeyIds()).containsExactly(trusted.keyId(), stranger.keyId());
      Instant now = time.now();
      String jwt = Jwts.sign(stranger.privateKey(), Jwts.header(stranger.keyId()),
          Jwts.claims(stranger.serviceAccountId(), Jwts.AUDIENCE, now, now.plusSeconds(60)));
      assertThat(post(both.iamEndpoint(), "/iam/v1/tokens", "{\"jwt\":\"" + jwt + "\"}", null).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void oneKeyIdTrustedWithTwoDifferentKeysIsRefused() {
    YandexArtEmulator.Builder b = YandexArtEmulator.builder()
        .trustServiceAccountKey(trusted.keyId(), trusted.serviceAccountId(), trusted.publicKey())
        .trustServiceAccountKey(trusted.keyId(), trusted.serviceAccountId(), stranger.publicKey());

    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(trusted.keyId()).hasMessageContaining("trusted twice");
  }

  @Test
  void aKeyFileThatIsNotAKeyIsRefusedNamingTheFile() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\":\"aje1\",\"private_key\":\"s3cr3t\"}");

    assertThatThrownBy(() -> YandexArtEmulator.builder().trustServiceAccountKey(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(broken.toString()).hasMessageContaining("service_account_id")
        .hasMessageNotContaining("s3cr3t");
  }
}
