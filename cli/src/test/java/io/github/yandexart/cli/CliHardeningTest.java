package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI does not pay for a result it cannot keep, and speaks its own language about what happened. */
class CliHardeningTest {
  private static final Map<String, String> ENV = Map.of("YC_API_KEY", "cli-test-key", "YC_FOLDER_ID", "b1gcli");
  private static final MutableClock CLOCK = new MutableClock();
  private static YandexArtEmulator emulator;

  @TempDir
  Path dir;

  @BeforeAll
  static void startEmulator() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).clock(CLOCK).build()).build().start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
  }

  private CliRun against(String transport, String command, String... more) {
    String endpoint = (transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint()).toString();
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    args.addAll(List.of("--transport", transport, "--endpoint", endpoint));
    if ((command.equals("generate") || command.equals("wait")) && !args.contains("--poll-interval")) {
      args.addAll(List.of("--poll-interval", "20ms"));
    }
    return CliRun.in(dir, ENV, args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anOutputInAMissingDirectoryIsRefusedBeforeAnythingIsSent(String transport) {
    CliRun r = against(transport, "generate", "a red cat", "-o", "missing-dir/cat.jpeg");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("-o missing-dir/cat.jpeg").contains("missing-dir does not exist");
    assertThat(emulator.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anExistingOutputIsRefusedBeforeSubmitUnlessForced(String transport) throws Exception {
    Path file = Files.writeString(dir.resolve("cat.jpeg"), "keep me");

    CliRun refused = against(transport, "generate", "a red cat", "-o", "cat.jpeg");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("-o cat.jpeg already exists; pass --force");
    assertThat(emulator.requests()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo("keep me");

    CliRun forced = against(transport, "generate", "a red cat", "-o", "cat.jpeg", "--force");
    assertThat(forced.exit()).as(forced.toString()).isEqualTo(0);
    assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
  }

  @Test
  void aDirectoryAsTheOutputIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    CliRun r = against("rest", "wait", "fbv00000000000000001", "-o", "out");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("-o out is a directory");
    assertThat(emulator.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anImageThatCannotBeWrittenWhereAskedIsSavedUnderASafeNameWithTheWaitCommand(String transport)
      throws Exception {
    emulator.store().setDefaultOutcome(Outcome.succeedAfter(Duration.ofHours(1)));
    Path sub = Files.createDirectories(dir.resolve("sub"));
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() ->
        against(transport, "generate", "a red cat", "-o", "sub/cat.jpeg"));
    CliRun.until(() -> !emulator.store().operationIds().isEmpty()
        && emulator.store().reads(emulator.store().operationIds().get(0)) > 0, Duration.ofSeconds(20));
    Files.delete(sub);
    CLOCK.advance(Duration.ofHours(2));
    CliRun r = run.get(20, TimeUnit.SECONDS);

    String id = emulator.store().operationIds().get(0);
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    Path saved = dir.resolve(id + ".jpeg");
    assertThat(r.out().strip()).isEqualTo(saved.toString());
    assertThat(Files.readAllBytes(saved)).startsWith(0xff, 0xd8, 0xff);
    assertThat(r.err()).contains("could not write the image to " + dir.resolve("sub/cat.jpeg"))
        .contains("saved it to " + saved + " instead")
        .contains("fetch it again with: yandexart wait " + id + " --transport " + transport);
  }

  @Test
  void aFileNamedForAnotherImageTypeIsWrittenAsIsWithAWarning() throws Exception {
    CliRun r = against("rest", "generate", "a red cat", "-o", "cat.png");
    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(Files.readAllBytes(dir.resolve("cat.png"))).startsWith(0xff, 0xd8, 0xff);
    assertThat(r.err()).contains("cat.png holds a image/jpeg image, not the image/png its name says");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void waitingOnAnIdThatDoesNotExistSaysNotFoundRatherThanStillRunning(String transport) {
    // The budget runs out while the first NOT_FOUND answers still pass for replication lag.
    CliRun r = against(transport, "wait", "fbvdoesnotexist000001", "--timeout", "1s", "--poll-interval", "800ms");
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("fbvdoesnotexist000001 was not found (NOT_FOUND)").doesNotContain("still running")
        .doesNotContain("resume");

    CliRun later = against(transport, "wait", "fbvdoesnotexist000001", "--timeout", "10s");
    assertThat(later.exit()).as(later.toString()).isEqualTo(4);
    assertThat(later.err()).contains("NOT_FOUND").doesNotContain("still running");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void stoppingWaitingSpeaksTheCliLanguageWithARoundedDuration(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    CliRun r = against(transport, "generate", "a slow cat", "--timeout", "2s");
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).containsPattern("after \\d+\\.\\ds, the total budget \\(--timeout\\)")
        .doesNotContain("await(").doesNotContain("PT0").doesNotContain("ClientConfig");
  }

  @Test
  void aPlaintextEndpointOffThisMachineIsRefusedInTheCliLanguage() {
    CliRun r = CliRun.in(dir, ENV, "get", "fbv1", "--endpoint", "http://example.invalid");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("use https://").doesNotContain("allowInsecure").doesNotContain("ClientConfig");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void serverMessagesReachTheTerminalWithTheirControlCharactersNeutralised(String transport) {
    emulator.store().setDefaultOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT,
        "bad\u001b[2J\r\nyandexart: done, all fine\u009b31m\u202e")));
    CliRun r = against(transport, "generate", "a red cat");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("bad\\x1B[2J\\r\\nyandexart: done, all fine\\x9B31m\\u202E");
    assertThat(r.err().chars()).noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c <= 0x9f
        || c == 0x202e);
    assertThat(r.err().lines()).noneMatch(l -> l.startsWith("yandexart: done"));

    String id = emulator.store().operationIds().get(0);
    CliRun got = against(transport, "get", id);
    assertThat(got.out()).contains("bad\\x1B[2J\\r\\n").doesNotContain("\u001b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void getIsOneLookOneCall(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    String id = against(transport, "generate", "a cat", "--no-wait").out().strip();
    emulator.store().faults().failNextReads(5, StatusCode.UNAVAILABLE);

    CliRun r = against(transport, "get", id);
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(emulator.store().calls()).filteredOn(c -> c.kind() == RecordedCall.Kind.GET).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aOneDayRetryAfterOnSubmitEndsWithinTheTotalBudgetSayingWhatTheServiceAsked(String transport) {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofDays(1));
    long start = System.nanoTime();
    CliRun r = against(transport, "generate", "a red cat", "--timeout", "10s");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(r.err()).contains("RESOURCE_EXHAUSTED").contains("asked to wait 86400").contains("--timeout");
    assertThat(emulator.store().operationIds()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aOneDayRetryAfterOnAReadStopsWaitingAndPrintsTheResumeCommand(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    String id = against(transport, "generate", "a cat", "--no-wait").out().strip();
    emulator.store().faults().failNextReads(1, StatusCode.UNAVAILABLE, Duration.ofDays(1));
    long start = System.nanoTime();
    CliRun r = against(transport, "wait", id, "--timeout", "10s");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(r.err()).contains("the service asked to wait 24h00m before reading again, more than what was left"
        + " of the total budget (--timeout)").contains("resume with: yandexart wait " + id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aCredentialTheServerEchoesIsNeverPrinted(String transport) {
    emulator.store().faults().refuseNextSubmits(1,
        OperationStatus.of(StatusCode.UNAUTHENTICATED, "bad credentials: Api-Key cli-test-key"), null);
    CliRun refused = against(transport, "generate", "a red cat");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err()).contains("UNAUTHENTICATED").doesNotContain("cli-test-key");

    emulator.store().setDefaultOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.PERMISSION_DENIED, "key cli-test-key may not use this folder")));
    CliRun failed = against(transport, "generate", "a red cat", "--verbose");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err()).contains("PERMISSION_DENIED").doesNotContain("cli-test-key");
    CliRun got = against(transport, "get", emulator.store().operationIds().get(0));
    assertThat(got.out()).contains("PERMISSION_DENIED").doesNotContain("cli-test-key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anEchoedBearerTokenIsNeverPrinted(String transport) {
    emulator.store().faults().refuseNextSubmits(1,
        OperationStatus.of(StatusCode.UNAUTHENTICATED, "token t1.echoed-iam-token expired: Bearer t1.echoed-iam-token"),
        null);
    String endpoint = (transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint()).toString();
    CliRun r = CliRun.in(dir, Map.of("YC_IAM_TOKEN", "t1.echoed-iam-token", "YC_FOLDER_ID", "b1gcli"),
        "generate", "a red cat", "--transport", transport, "--endpoint", endpoint);
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("UNAUTHENTICATED").doesNotContain("echoed-iam-token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void readsThatKeepFailingExitFourWithTheResumeCommand(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    String id = against(transport, "generate", "a cat", "--no-wait").out().strip();
    emulator.store().faults().failNextReads(1000, StatusCode.PERMISSION_DENIED);

    CliRun r = against(transport, "wait", id);
    assertThat(r.exit()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("PERMISSION_DENIED")
        .contains("the operation may still be running; resume with: yandexart wait " + id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aReadTheServerNeverAnswersEndsWithTheTotalBudgetNotTheCallTimeout(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    String id = against(transport, "generate", "a cat", "--no-wait").out().strip();
    emulator.faults().delayNextResponses(5, Duration.ofSeconds(40));
    long start = System.nanoTime();
    CliRun r = against(transport, "wait", id, "--timeout", "2s");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    // the 2 s budget, not the 30 s call timeout; the rest is slack for a loaded machine
    assertThat(took).as(r.toString()).isLessThan(Duration.ofSeconds(15));
    assertThat(r.err()).contains("the total budget (--timeout)").contains("resume with: yandexart wait " + id);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
