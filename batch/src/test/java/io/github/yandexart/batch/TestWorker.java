package io.github.yandexart.batch;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch worker in its own JVM, for tests that kill it: {@code endpoint journal input out workerId
 * maxInFlight leaseMillis}. Exits with the run's exit code.
 */
public final class TestWorker {
  private TestWorker() {}

  public static void main(String[] args) {
    ClientConfig config = ClientConfig.builder().credentials(Credentials.apiKey("emulator"))
        .folderId(TestEmulator.FOLDER).transport("rest").endpoint(args[0]).waitPolicy(TestEmulator.fastPolicy())
        .build();
    int code;
    try (YandexArtClient client = YandexArtClient.create(config);
        BatchJournal journal = BatchJournals.open(args[1])) {
      List<BatchItem> items = BatchInput.read(Path.of(args[2]));
      BatchResult result = BatchRunner.builder(client, journal, items).model(ModelUri.of(TestEmulator.FOLDER))
          .outputDirectory(Path.of(args[3])).workerId(args[4]).maxInFlight(Integer.parseInt(args[5]))
          .maxSubmitting(2).lease(Duration.ofMillis(Long.parseLong(args[6]))).minFreeSpace(0).build().run();
      code = result.exitCode();
    }
    System.exit(code);
  }

  /** Starts a worker JVM with this test's classpath. */
  static Process start(Path log, String... args) throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TestWorker.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
