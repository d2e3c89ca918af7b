package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The CLI end to end against the emulator, over both transports, reaching every exit code. */
class CliTest {
  private static YandexArtEmulator emulator;

  @TempDir
  Path dir;

  @BeforeAll
  static void startEmulator() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(2));
  }

  /** What one run printed and returned. */
  static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = YandexArtCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final Map<String, String> ENV = Map.of("YC_API_KEY", "cli-test-key", "YC_FOLDER_ID", "b1gcli");

  /** Runs against the shared emulator over {@code transport}. */
  private static Run against(String transport, String command, String... more) {
    String endpoint = (transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint()).toString();
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    args.addAll(List.of("--transport", transport, "--endpoint", endpoint));
    return run(ENV, args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void generateWritesTheImageAndPrintsItsPath(String transport) throws Exception {
    Path file = dir.resolve("cat.jpeg");
    Run r = against(transport, "generate", "a red cat", "-o", file.toString(), "--poll-interval", "20ms",
        "--seed", "42", "--aspect-ratio", "16:9", "--negative", "blurry");

    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out.strip()).isEqualTo(file.toString());
    assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
    var request = emulator.store().submittedRequests().get(0);
    assertThat(request.modelUri().orElseThrow().value()).isEqualTo("art://b1gcli/yandex-art/latest");
    assertThat(request.messages()).extracting(m -> m.text() + "@" + m.weight())
        .containsExactly("a red cat@1.0", "blurry@-1.0");
    assertThat(request.options().seed()).hasValue(42);
    assertThat(emulator.requests()).allSatisfy(q ->
        assertThat(q.header("authorization")).hasValue("Api-Key cli-test-key"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void noWaitPrintsOnlyTheIdAndWaitResumesIt(String transport) throws Exception {
    Run started = against(transport, "generate", "a red cat", "--no-wait");
    assertThat(started.exit).as(started.toString()).isEqualTo(0);
    String id = started.out.strip();
    assertThat(emulator.store().operationIds()).containsExactly(id);

    Path file = dir.resolve("later.jpeg");
    Run waited = against(transport, "wait", id, "-o", file.toString(), "--poll-interval", "20ms");
    assertThat(waited.exit).as(waited.toString()).isEqualTo(0);
    assertThat(Files.size(file)).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void cancelEndsTheOperationAndWaitingOnItExitsOne(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    String id = against(transport, "generate", "a slow cat", "--no-wait").out.strip();

    Run cancelled = against(transport, "cancel", id);
    assertThat(cancelled.exit).as(cancelled.toString()).isEqualTo(0);
    assertThat(cancelled.out).contains(id).contains("CANCELLED");

    Run waited = against(transport, "wait", id, "--poll-interval", "20ms");
    assertThat(waited.exit).as(waited.toString()).isEqualTo(1);
    assertThat(waited.err).contains(id).contains("cancelled");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aFailedOperationExitsOneWithItsIdCodeAndMessageOnOneLine(String transport) {
    emulator.store().setDefaultOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "запрос нарушает правила")));
    Run r = against(transport, "generate", "something forbidden", "--poll-interval", "20ms");

    assertThat(r.exit).as(r.toString()).isEqualTo(1);
    String id = emulator.store().operationIds().get(0);
    assertThat(r.err.lines().filter(l -> l.startsWith("yandexart:")))
        .singleElement().satisfies(line -> assertThat(line)
            .contains(id).contains("INVALID_ARGUMENT").contains("запрос нарушает правила"));
    assertThat(r.err).doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void stoppingWaitingExitsThreeAndPrintsTheResumeCommand(String transport) {
    emulator.store().setDefaultOutcome(Outcome.neverDone());
    Run r = against(transport, "generate", "a slow cat", "--timeout", "2s", "--poll-interval", "50ms");

    assertThat(r.exit).as(r.toString()).isEqualTo(3);
    String id = emulator.store().operationIds().get(0);
    assertThat(r.err).contains("yandexart wait " + id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void anInvalidRequestRefusedBySubmitExitsTwo(String transport) {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.INVALID_ARGUMENT, null);
    Run r = against(transport, "generate", "a red cat");
    assertThat(r.exit).as(r.toString()).isEqualTo(2);
    assertThat(r.err).contains("INVALID_ARGUMENT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void aRefusedCallExitsFour(String transport) {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.PERMISSION_DENIED, null);
    Run r = against(transport, "generate", "a red cat");
    assertThat(r.exit).as(r.toString()).isEqualTo(4);
    assertThat(r.err).contains("PERMISSION_DENIED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void getReportsTheStateAndWritesTheImageOnceDone(String transport) throws Exception {
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(2));
    String id = against(transport, "generate", "a red cat", "--no-wait").out.strip();

    Run running = against(transport, "get", id);
    assertThat(running.exit).isEqualTo(0);
    assertThat(running.out.strip()).isEqualTo(id + " RUNNING");

    Path file = dir.resolve("got.jpeg");
    Run done = against(transport, "get", id, "-o", file.toString());
    assertThat(done.exit).as(done.toString()).isEqualTo(0);
    assertThat(done.out).startsWith(id + " DONE image/jpeg");
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void anUnreachableServiceExitsFour() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = run(ENV, "get", "fbv00000000000000001", "--transport", "rest",
        "--endpoint", "http://127.0.0.1:" + port);
    assertThat(r.exit).as(r.toString()).isEqualTo(4);
  }

  @Test
  void missingCredentialsExitTwoAndSayWhatToSet() {
    Run r = run(Map.of(), "generate", "a red cat", "--folder-id", "b1gcli");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("YC_API_KEY").contains("--emulator");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(run(ENV, "generate").exit).isEqualTo(2);
    assertThat(run(ENV, "generate", "a cat", "--timeout", "soon").exit).isEqualTo(2);
    assertThat(run(ENV, "generate", "a cat", "--no-such-flag").exit).isEqualTo(2);
    assertThat(run(ENV, "frobnicate").exit).isEqualTo(2);
    Run tooLong = run(ENV, "generate", "x".repeat(501), "--endpoint", emulator.restEndpoint().toString());
    assertThat(tooLong.exit).isEqualTo(2);
    assertThat(tooLong.err).contains("500");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void emulatorFlagNeedsNoAccountAndNoEndpoint(String transport) throws Exception {
    Path file = dir.resolve("cat.jpeg");
    Run r = run(Map.of(), "generate", "a red cat", "--emulator", "--transport", transport, "-o", file.toString(),
        "--poll-interval", "20ms");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
  }

  @Test
  void verboseAddsTheStackTrace() {
    emulator.store().faults().refuseNextSubmits(1, StatusCode.PERMISSION_DENIED, null);
    Run r = against("rest", "generate", "a red cat", "--verbose");
    assertThat(r.exit).isEqualTo(4);
    assertThat(r.err).contains("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rest", "grpc"})
  void getOnAFailedOperationPrintsItAndExitsOne(String transport) {
    emulator.store().setDefaultOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "unsafe prompt")));
    String id = against(transport, "generate", "something", "--no-wait").out.strip();

    Run r = against(transport, "get", id);
    assertThat(r.exit).as(r.toString()).isEqualTo(1);
    assertThat(r.out.strip()).isEqualTo(id + " FAILED INVALID_ARGUMENT: unsafe prompt");
    assertThat(r.err).contains(id).contains("unsafe prompt");
  }
}
