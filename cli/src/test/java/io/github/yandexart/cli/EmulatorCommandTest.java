package io.github.yandexart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorCommandTest {
  @TempDir
  Path dir;

  @Test
  void servesBothProtocolsUntilInterruptedAndPrintsTheirEndpoints() throws Exception {
    PipedInputStream pipe = new PipedInputStream(1 << 16);
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
    AtomicReference<Thread> serving = new AtomicReference<>();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      serving.set(Thread.currentThread());
      return YandexArtCli.run(new String[] {"emulator", "--quiet"}, Map.of(), out,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    });
    BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
    String rest = lines.readLine();
    String grpc = lines.readLine();
    assertThat(rest).matches("REST  http://127\\.0\\.0\\.1:\\d+");
    assertThat(grpc).matches("gRPC  http://127\\.0\\.0\\.1:\\d+");

    for (String[] side : new String[][] {{"rest", rest.substring(6)}, {"grpc", grpc.substring(6)}}) {
      Path file = dir.resolve(side[0] + ".jpeg");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = YandexArtCli.run(new String[] {"generate", "a red cat", "--transport", side[0],
          "--endpoint", side[1], "-o", file.toString(), "--poll-interval", "20ms"},
          Map.of("YC_API_KEY", "any", "YC_FOLDER_ID", "b1gemulator"),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), false);
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
      assertThat(Files.readAllBytes(file)).startsWith(0xff, 0xd8, 0xff);
    }

    serving.get().interrupt();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
  }
}
