package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.auth.ServiceAccountKey;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.TestServiceAccountKey;
import io.github.yandexart.emulator.YandexArtEmulator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A service-account key file with the CLI: the JWT, IAM token, Bearer flow against the emulator. */
class ServiceAccountKeyTest {
  @TempDir
  static Path keys;

  static Path keyFile;
  static TestServiceAccountKey key;
  /** A loopback port nothing listens on: where a YC_IAM_ENDPOINT the CLI should override points. */
  static String deadIamEndpoint;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeKey() throws Exception {
    key = TestServiceAccountKey.generate();
    keyFile = key.writeTo(keys.resolve("key.json"));
    try (ServerSocket s = new ServerSocket(0)) {
      deadIamEndpoint = "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  record Run(int exit, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = YandexArtCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void generateWithTheEmulatorAndOnlyAKeyFileExchangesItsJwtLocally(String transport) throws Exception {
    Path image = dir.resolve("cat.jpeg");

    Run r = run(Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(), "YC_IAM_ENDPOINT", deadIamEndpoint),
        "generate", "--emulator", "a red cat", "-o", image.toString(), "--transport", transport,
        "--poll-interval", "20ms");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(Files.readAllBytes(image)).startsWith(0xff, 0xd8, 0xff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void theEmbeddedEmulatorTrustsTheKeyIssuesTheTokenAndSeesOnlyBearerCalls(String transport) {
    Common common = new Common();
    common.emulator = true;
    common.transport = transport;
    Map<String, String> env = Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", deadIamEndpoint);

    try (Session session = Session.open(common, env, Session.policy(common, null, Duration.ofMillis(20)))) {
      session.client().generate(ImageGenerationRequest.builder()
          .modelUri(ModelUri.of(Session.EMULATOR_FOLDER)).addMessage("a red cat").build());
      YandexArtEmulator emulator = session.emulator().orElseThrow();

      assertThat(emulator.trustedKeyIds()).containsExactly(key.keyId());
      assertThat(session.config().requireCredentials().describe()).contains(key.keyId());
      List<RecordedRequest> requests = emulator.requests();
      assertThat(requests.get(0).method()).isEqualTo("POST /iam/v1/tokens");
      List<RecordedRequest> calls = requests.subList(1, requests.size());
      assertThat(calls).hasSizeGreaterThanOrEqualTo(2).allSatisfy(call -> {
        assertThat(call.protocol().name()).isEqualToIgnoringCase(transport);
        assertThat(call.header("authorization")).hasValueSatisfying(a -> assertThat(a).startsWith("Bearer t1."));
      });
    }
  }

  @Test
  void anApiKeyComesFirstAndThenTheEmulatorTrustsNoKey() {
    Common common = new Common();
    common.emulator = true;
    Map<String, String> env = Map.of("YC_API_KEY", "any", "YC_SERVICE_ACCOUNT_KEY_FILE", "/no/such/key.json");

    try (Session session = Session.open(common, env, Session.policy(common, null, null))) {
      assertThat(session.emulator().orElseThrow().trustedKeyIds()).isEmpty();
    }
  }

  @Test
  void aBrokenKeyFileWithTheEmulatorExitsTwoNamingTheVariable() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\":\"aje1\"}");

    Run r = run(Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", broken.toString()),
        "generate", "--emulator", "a red cat", "-o", dir.resolve("cat.jpeg").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("yandexart: YC_SERVICE_ACCOUNT_KEY_FILE: ").contains("broken.json");
  }

  @Test
  void newKeyWritesAKeyFileTheAuthModuleReadsAndNeverOverwritesIt() {
    Path file = dir.resolve("new.json");

    Run r = run(Map.of(), "emulator", "--new-key", file.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out().strip()).isEqualTo(file.toString());
    ServiceAccountKey read = ServiceAccountKey.fromFile(file);
    assertThat(r.err()).contains(read.id()).contains("YC_SERVICE_ACCOUNT_KEY_FILE=" + file);
    Run again = run(Map.of(), "emulator", "--new-key", file.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
    assertThat(ServiceAccountKey.fromFile(file).id()).isEqualTo(read.id());
  }

  @Test
  void emulatorWithTrustKeyPrintsItsIamEndpointAndAcceptsOnlyItsTokens() throws Exception {
    PipedInputStream pipe = new PipedInputStream(1 << 16);
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
    AtomicReference<Thread> serving = new AtomicReference<>();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      serving.set(Thread.currentThread());
      return YandexArtCli.run(new String[] {"emulator", "--quiet", "--trust-key", keyFile.toString()}, Map.of(),
          out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    });
    BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
    String rest = lines.readLine();
    lines.readLine();
    String iam = lines.readLine();
    assertThat(iam).matches("IAM   http://127\\.0\\.0\\.1:\\d+");
    String restEndpoint = rest.substring(6);
    String iamEndpoint = iam.substring(6);

    List<String> args = new ArrayList<>(List.of("generate", "a red cat", "--transport", "rest",
        "--endpoint", restEndpoint, "--poll-interval", "20ms", "--force", "-o", dir.resolve("cat.jpeg").toString()));
    Run withKey = run(Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(), "YC_IAM_ENDPOINT", iamEndpoint,
        "YC_FOLDER_ID", "b1gemulator"), args.toArray(String[]::new));
    Run withForeignToken = run(Map.of("YC_IAM_TOKEN", "t1.from-somewhere-else", "YC_FOLDER_ID", "b1gemulator"),
        args.toArray(String[]::new));

    assertThat(withKey.exit()).as(withKey.toString()).isEqualTo(0);
    assertThat(withForeignToken.exit()).as(withForeignToken.toString()).isEqualTo(4);
    assertThat(withForeignToken.err()).contains("UNAUTHENTICATED").contains("not issued by this emulator")
        .doesNotContain("from-somewhere-else");

    serving.get().interrupt();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
  }
}
