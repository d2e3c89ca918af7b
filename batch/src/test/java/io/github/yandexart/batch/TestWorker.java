package io.github.yandexart.batch;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A batch worker in its own JVM, for tests that kill it: {@code endpoint journal input out workerId
 * maxInFlight leaseMillis [submitsPerSecond]}; with a PostgreSQL journal and submitsPerSecond, the
 * client's submits and reads wait for quotas shared through the database. Exits with the run's exit
 * code.
 */
public final class TestWorker {
  private TestWorker() {}

  public static void main(String[] args) {
    ClientConfig config = ClientConfig.builder().credentials(Credentials.apiKey("emulator"))
        .folderId(TestEmulator.FOLDER).transport("rest").endpoint(args[0]).waitPolicy(TestEmulator.fastPolicy())
        .build();
    int code;
    int submitsPerSecond = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    YandexArtClient.Builder clientBuilder = YandexArtClient.builder().generator(ImageGenerators.create(config))
        .waitPolicy(config.waitPolicy());
    List<AutoCloseable> quotas = new ArrayList<>();
    if (submitsPerSecond > 0) {
      SharedQuota submits = SharedQuota.postgres(args[1], new Properties(), "submits", submitsPerSecond,
          Duration.ofSeconds(1));
      SharedQuota reads = SharedQuota.postgres(args[1], new Properties(), "reads", 200, Duration.ofSeconds(1));
      quotas.add(submits);
      quotas.add(reads);
      clientBuilder.submitLimiter(submits).readLimiter(reads);
    }
    try (YandexArtClient client = clientBuilder.build();
        BatchJournal journal = BatchJournals.open(args[1])) {
      List<BatchItem> items = BatchInput.read(Path.of(args[2]));
      BatchResult result = BatchRunner.builder(client, journal, items).model(ModelUri.of(TestEmulator.FOLDER))
          .outputDirectory(Path.of(args[3])).workerId(args[4]).maxInFlight(Integer.parseInt(args[5]))
          .maxSubmitting(2).lease(Duration.ofMillis(Long.parseLong(args[6]))).minFreeSpace(0).build().run();
      code = result.exitCode();
    }
    for (AutoCloseable q : quotas) {
      try {
        q.close();
      } catch (Exception e) {
        code = 4;
      }
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
