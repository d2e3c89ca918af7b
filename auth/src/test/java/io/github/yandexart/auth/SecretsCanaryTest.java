package io.github.yandexart.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.yandexart.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs success and failure paths with canary secrets and logging at ALL, and checks that no key,
 * JWT or token reaches a log record, an exception (with its causes) or a {@code toString()}.
 */
class SecretsCanaryTest {
  private static final String IAM_TOKEN = "t1.CANARY-iam-" + UUID.randomUUID();
  private static final String METADATA_TOKEN = "CANARY-metadata-" + UUID.randomUUID();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final List<String> exposed = new ArrayList<>();
  private final CountDownLatch refreshFailureLogged = new CountDownLatch(1);
  private final Handler capture = new Handler() {
    private final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      String line = format.format(record);
      logs.add(line);
      if (record.getLevel() == Level.WARNING && line.contains("still using the current token")) {
        refreshFailureLogged.countDown();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level rootLevel;
  private FakeIam iam;
  private LocalServer metadata;

  @BeforeEach
  void captureEveryLogRecord() {
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    iam = new FakeIam(clock);
    metadata = new LocalServer(MetadataServiceCredentialsTest.TOKEN_PATH, (request, n) ->
        new LocalServer.Reply(200, "{\"access_token\":\"" + METADATA_TOKEN + "\",\"expires_in\":3600}"));
  }

  @AfterEach
  void restoreLogging() {
    Logger root = Logger.getLogger("");
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    iam.close();
    metadata.close();
  }

  /** Records how an exception would show: its toString and stack trace, causes included. */
  private void expose(Throwable t) {
    assertThat(t).isNotNull();
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    exposed.add(trace.toString());
  }

  private void exposeFailure(CompletableFuture<String> f) {
    expose(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void noKeyJwtOrTokenReachesLogsExceptionsOrToString() throws InterruptedException {
    ServiceAccountKey key = ServiceAccountKey.fromFile(TestKeys.write(dir, "key.json", TestKeys.keyFileJson()));
    ServiceAccountCredentials credentials = ServiceAccountCredentials.builder(key)
        .iamEndpoint(iam.endpoint()).clock(clock).scheduler(scheduler).build();
    exposed.add(key.toString());
    exposed.add(credentials.toString());
    exposed.add(credentials.describe());

    // Success: the canary token is issued and used.
    iam.respond((request, n) -> iam.verify(request)
        ? new LocalServer.Reply(200, "{\"iamToken\":\"" + IAM_TOKEN + "\",\"expiresAt\":\""
            + clock.instant().plus(Duration.ofHours(12)) + "\"}")
        : new LocalServer.Reply(401, "{}"));
    assertThat(credentials.authorization().join()).isEqualTo("Bearer " + IAM_TOKEN);

    // A background refresh fails with an error that echoes the JWT: logged as a warning.
    iam.respond((request, n) -> new LocalServer.Reply(500,
        "{\"message\":\"cannot check " + FakeIamJwt.of(request) + " for " + IAM_TOKEN.substring(0, 3) + "\"}"));
    clock.advance(Duration.ofHours(1));
    assertThat(credentials.authorization().join()).isEqualTo("Bearer " + IAM_TOKEN);
    assertThat(refreshFailureLogged.await(10, TimeUnit.SECONDS)).as("the failed refresh is logged").isTrue();

    // Expired, and the refresh fails: the error goes to the caller.
    clock.advance(Duration.ofHours(11));
    exposeFailure(credentials.authorization());

    // Replies that carry the token but cannot be used.
    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"iamToken\": " + IAM_TOKEN + "}"));
    exposeFailure(credentials.authorization());
    iam.respond((request, n) -> new LocalServer.Reply(200, "{\"iamToken\":\"" + IAM_TOKEN + "\",\"expiresAt\":\"soon\"}"));
    exposeFailure(credentials.authorization());
    iam.respond((request, n) -> new LocalServer.Reply(400, IAM_TOKEN));
    exposeFailure(credentials.authorization());

    // Rejected by the service: dropped.
    credentials.invalidate("Bearer " + IAM_TOKEN);

    // The metadata service, working and broken.
    Credentials vm = MetadataServiceCredentials.fromEnvironment(Map.of("YC_METADATA_ADDR", "127.0.0.1:" + metadata.port()))
        .orElseThrow();
    assertThat(vm.authorization().join()).isEqualTo("Bearer " + METADATA_TOKEN);
    vm.invalidate("Bearer " + METADATA_TOKEN);
    metadata.respond((request, n) -> new LocalServer.Reply(200, "{\"access_token\":" + METADATA_TOKEN + "}"));
    exposeFailure(vm.authorization());
    metadata.respond((request, n) -> new LocalServer.Reply(200, "{\"access_token\":\"" + METADATA_TOKEN
        + "\",\"token_type\":\"" + METADATA_TOKEN + "\",\"expires_in\":60}"));
    exposeFailure(vm.authorization());
    exposed.add(vm.toString());

    // Broken key files that hold real key material.
    String body = TestKeys.privateKeyBase64();
    for (String broken : List.of(
        "{\"id\":\"k\",\"service_account_id\":\"sa\",\"private_key\": " + body + "}",
        TestKeys.keyFileJson("k", "sa", "RSA_2048", null, TestKeys.privatePem().replace("PRIVATE KEY", body.substring(0, 30))),
        TestKeys.keyFileJson("k", "sa", body.substring(0, 40), null, TestKeys.privatePem()),
        TestKeys.keyFileJson("k", "sa", "RSA_2048", null, TestKeys.privatePem().replace("\n-----END", "%\n-----END")),
        TestKeys.keyFileJson("k", "sa", "RSA_2048", null, TestKeys.privatePem().substring(0, 900)))) {
      expose(catchThrowable(() -> ServiceAccountKey.fromFile(TestKeys.write(dir, "broken.json", broken))));
      expose(catchThrowable(() -> ServiceAccountKey.fromJson(broken)));
    }

    assertThat(logs).as("the capture works at every level")
        .anyMatch(l -> l.contains("FINE") && l.contains("got an IAM token"))
        .anyMatch(l -> l.contains("WARNING") && l.contains("still using the current token"));
    List<String> secrets = new ArrayList<>(List.of(IAM_TOKEN, METADATA_TOKEN));
    assertThat(iam.requests()).hasSizeGreaterThan(5);
    for (LocalServer.Request request : iam.requests()) {
      String jwt = FakeIamJwt.of(request);
      secrets.add(jwt);
      secrets.add(jwt.substring(0, jwt.lastIndexOf('.'))); // header.claims
      secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1)); // signature
    }
    for (int i = 0; i + 24 <= body.length(); i += 24) {
      secrets.add(body.substring(i, i + 24));
    }
    for (String secret : secrets) {
      assertThat(logs).as("log records").noneMatch(l -> l.contains(secret));
      assertThat(exposed).as("exceptions and toString()").noneMatch(s -> s.contains(secret));
    }
  }

  /** Pulls the JWT out of an exchange request, to echo it back. */
  private static final class FakeIamJwt {
    static String of(LocalServer.Request request) {
      try {
        return FakeIam.flatJson(request.body()).get("jwt");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
