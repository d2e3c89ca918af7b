package io.github.yandexart.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.BatchJournals;
import io.github.yandexart.batch.ItemState;
import io.github.yandexart.cli.YandexArtCli;
import io.github.yandexart.emulator.TestServiceAccountKey;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import io.github.yandexart.testkit.VirtualScheduler;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yandexart batch} as a user runs it: a real process against the emulator. */
class BatchCommandTest {
  @TempDir Path dir;
  private final VirtualScheduler clock = new VirtualScheduler();
  private InMemoryOperationStore store;
  private YandexArtEmulator emulator;

  @BeforeEach
  void start() {
    store = InMemoryOperationStore.builder().clock(clock.clock()).smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0)).build();
    emulator = YandexArtEmulator.builder().store(store).build().start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** The outcome of one CLI process. */
  record Run(int exit, String out, String err) {}

  private Process startCli(String... args) throws IOException {
    return startCli(Map.of(), args);
  }

  /** The CLI in a process of its own, {@code env} over the test's API key and folder. */
  private Process startCli(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), YandexArtCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("YC_") || k.startsWith("YANDEXART_"));
    pb.environment().put("YC_API_KEY", "emulator");
    pb.environment().put("YC_FOLDER_ID", "b1gcli");
    env.forEach((name, value) -> {
      if (value.isEmpty()) {
        pb.environment().remove(name);
      } else {
        pb.environment().put(name, value);
      }
    });
    return pb.start();
  }

  private Run finish(Process p) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
  }

  private Run cli(String... args) throws Exception {
    return finish(startCli(args));
  }

  private String[] runArgs(Path input, String... more) {
    List<String> args = new ArrayList<>(List.of("batch", "run", input.toString(), "--out", dir.resolve("images").toString(),
        "--endpoint", emulator.restEndpoint().toString(), "--transport", "rest"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private Path prompts(int n) throws IOException {
    return Files.writeString(dir.resolve("prompts.txt"), IntStream.rangeClosed(1, n)
        .mapToObj(i -> "prompt number " + i).collect(Collectors.joining("\n", "", "\n")));
  }

  private Map<String, Integer> acceptedSubmitsByPrompt() {
    Map<String, Integer> counts = new HashMap<>();
    for (RecordedCall c : store.calls()) {
      if (c.kind() == RecordedCall.Kind.SUBMIT && !c.failed()) {
        ImageGenerationRequest r = c.request().orElseThrow();
        counts.merge(r.messages().get(0).text(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @Test
  void runWritesEveryImageAndTheManifestAndStatusSaysAllDone() throws Exception {
    Path input = Files.writeString(dir.resolve("prompts.jsonl"),
        "{\"prompt\":\"a red cat\",\"name\":\"cat\",\"seed\":7}\n{\"prompt\":\"a blue dog\",\"aspectRatio\":\"16:9\"}\n");
    Run run = cli(runArgs(input, "--quiet"));

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).isEmpty();
    assertThat(dir.resolve("images/cat.jpeg")).exists();
    assertThat(dir.resolve("images/2-a-blue-dog.jpeg")).exists();
    assertThat(Files.readAllLines(dir.resolve("images/manifest.jsonl"))).hasSize(2)
        .first().asString().contains("\"name\":\"cat\"", "\"seed\":7", "\"status\":\"DONE\"");

    Run status = cli("batch", "status", "--journal", dir.resolve("images/batch.db").toString());
    assertThat(status.exit()).isEqualTo(0);
    assertThat(status.out()).contains("2 items").containsPattern("DONE +2");
  }

  @Test
  void withEmulatorABatchRunsWithoutACloudAccount() throws Exception {
    Path input = prompts(3);
    Run run = cli("batch", "run", input.toString(), "--out", dir.resolve("demo").toString(), "--emulator", "--quiet");
    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    try (var files = Files.list(dir.resolve("demo"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jpeg"))).hasSize(3);
    }
    assertThat(store.calls()).as("the test's emulator was not used").isEmpty();
  }

  @Test
  void withEmulatorAKeyFileIsExchangedWithTheEmbeddedEmulatorNeverWithTheIamEndpointOfTheShell() throws Exception {
    Path keyFile = TestServiceAccountKey.generate().writeTo(dir.resolve("key.json"));
    String deadIamEndpoint;
    try (ServerSocket s = new ServerSocket(0)) {
      deadIamEndpoint = "http://127.0.0.1:" + s.getLocalPort();
    }
    Path input = prompts(2);

    Run run = finish(startCli(Map.of("YC_API_KEY", "", "YC_FOLDER_ID", "", "YC_SERVICE_ACCOUNT_KEY_FILE",
        keyFile.toString(), "YC_IAM_ENDPOINT", deadIamEndpoint),
        "batch", "run", input.toString(), "--out", dir.resolve("demo").toString(), "--emulator", "--quiet"));

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    try (var files = Files.list(dir.resolve("demo"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jpeg"))).hasSize(2);
    }
  }

  @Test
  void withoutCredentialsItSaysWhichVariablesToSetAndThatTheEmulatorNeedsNone() throws Exception {
    Run run = finish(startCli(Map.of("YC_API_KEY", ""), runArgs(prompts(1))));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no credentials: set YC_API_KEY").contains("--emulator");
    assertThat(store.calls()).isEmpty();
  }

  @Test
  void badLinesAreListedWithTheirNumbersAndNothingIsSent() throws Exception {
    Path input = Files.writeString(dir.resolve("prompts.jsonl"),
        "{\"prompt\":\"fine\"}\n{\"prompt\":\"x\",\"seed\":\"seven\"}\n{\"text\":\"oops\"}\n");
    Run run = cli(runArgs(input));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("prompts.jsonl:2: seed must be a whole number")
        .contains("prompts.jsonl:3: unknown field \"text\"").contains("nothing was submitted");
    assertThat(store.calls()).isEmpty();
    assertThat(dir.resolve("images/batch.db")).doesNotExist();
  }

  @Test
  void anotherInputAgainstTheSameJournalIsRefused() throws Exception {
    assertThat(cli(runArgs(prompts(2), "--quiet")).exit()).isEqualTo(0);
    Path other = Files.writeString(dir.resolve("other.txt"), "something else\n");
    Run run = cli(runArgs(other));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("holds another batch").contains("prompts.txt");
    assertThat(store.calls().stream().filter(c -> c.kind() == RecordedCall.Kind.SUBMIT)).hasSize(2);
  }

  @Test
  void interruptStopsSubmittingPrintsTheResumeCommandAndExitsThreeThenTheSameCommandFinishes() throws Exception {
    // Operations finish only when the test moves the emulator's clock.
    store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofHours(1)));
    Path input = prompts(12);
    Path db = dir.resolve("images/batch.db");
    Process cli = startCli(runArgs(input, "--max-in-flight", "4"));
    try (BatchJournal journal = BatchJournals.sqlite(db)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (journal.counts().get(ItemState.SUBMITTED) < 4) {
        assertThat(cli.isAlive()).as("the CLI ended early").isTrue();
        assertThat(System.nanoTime()).as("4 items submitted").isLessThan(deadline);
        LockSupport.parkNanos(5_000_000);
      }
    }
    interrupt(cli);
    Run stopped = finish(cli);

    assertThat(stopped.exit()).as(stopped.err()).isEqualTo(3);
    assertThat(stopped.err()).contains("stopping: no new submits")
        .contains("resume with: yandexart batch run " + input);
    try (BatchJournal journal = BatchJournals.sqlite(db)) {
      assertThat(journal.counts().get(ItemState.SUBMITTING)).isZero();
      assertThat(journal.counts().get(ItemState.SUBMITTED)).isEqualTo(4);
    }
    assertThat(acceptedSubmitsByPrompt()).hasSize(4);

    clock.advance(Duration.ofHours(2));
    store.setDefaultOutcome(Outcome.succeedAfterReads(0));
    Run resumed = cli(runArgs(input, "--quiet"));
    assertThat(resumed.exit()).as(resumed.err()).isEqualTo(0);
    assertThat(acceptedSubmitsByPrompt()).hasSize(12).allSatisfy((prompt, n) -> assertThat(n).isEqualTo(1));
  }

  /**
   * Ctrl-C: SIGINT, unless this JVM's children start with SIGINT ignored (a build started in the
   * background), in which case the JVM cannot handle it and the same handler is reached with SIGTERM.
   */
  private static void interrupt(Process p) throws Exception {
    String signal = sigintIgnored(p.pid()) ? "-TERM" : "-INT";
    assertThat(new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor()).isZero();
  }

  private static boolean sigintIgnored(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;
      }
    }
    return false;
  }
}
