package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ctrl-C or a TERM while waiting: a real process ends the status line, prints the resume command, exits 3. */
class SignalTest {
  private static YandexArtEmulator emulator;

  @TempDir
  Path dir;

  @BeforeAll
  static void startEmulator() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).defaultOutcome(Outcome.neverDone()).build())
        .build().start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  /** Starts the CLI's main in a new JVM with the test class path. */
  static Process cli(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), YandexArtCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("YC_API_KEY", "signal-test-key");
    pb.environment().put("YC_FOLDER_ID", "b1gcli");
    return pb.start();
  }

  @ParameterizedTest
  @CsvSource({"rest, INT", "grpc, INT", "rest, TERM"})
  void aSignalWhileWaitingPrintsTheResumeCommandAndExitsThree(String transport, String signal) throws Exception {
    String endpoint = (transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint()).toString();
    Process p = cli(dir, "generate", "a slow cat", "--transport", transport, "--endpoint", endpoint,
        "--poll-interval", "50ms");
    try {
      BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
      String first = err.readLine();
      assertThat(first).matches("operation \\S+ submitted; waiting");
      String id = first.split(" ")[1];

      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the CLI ended").isTrue();

      List<String> rest = err.lines().toList();
      assertThat(p.exitValue()).as(String.join("\n", rest)).isEqualTo(3);
      assertThat(rest).anySatisfy(l -> assertThat(l).startsWith("yandexart: interrupted: stopped waiting for operation "
          + id).endsWith("it is still running"));
      assertThat(rest).contains("resume with: yandexart wait " + id + " --transport " + transport
          + " --endpoint " + endpoint);
      assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }
}
