package io.github.yandexart.benchmarks.batch;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.batch.BatchItem;
import io.github.yandexart.batch.BatchJournals;
import io.github.yandexart.batch.BatchResult;
import io.github.yandexart.batch.BatchRunner;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A batch of N items (default 10,000) against the emulator over REST, with operations that finish at
 * once and no quota, so that the runner and its journal are all there is to measure: items per
 * second, journal time per item, peak heap; once with a SQLite journal, once in memory. A scale run,
 * not a test:
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.batch.BatchRun [items]
 * </pre>
 */
public final class BatchRun {
  private BatchRun() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    List<BatchItem> items = IntStream.rangeClosed(1, n)
        .mapToObj(i -> BatchItem.builder(i, "product shot number " + i).build()).toList();
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0)).build();
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().store(store).build().start()) {
      WaitPolicy policy = WaitPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5))
          .maxReadsPerSecond(1_000_000).maxSubmitsPerMinute(Integer.MAX_VALUE).totalBudget(Duration.ofMinutes(5))
          .build();
      ClientConfig config = ClientConfig.builder().credentials(Credentials.apiKey("bench")).folderId("b1gbench")
          .transport("rest").endpoint(emulator.restEndpoint()).waitPolicy(policy).build();
      // Warm-up: the JIT, the emulator and the connection pool, not measured.
      run("warm-up", items.subList(0, Math.min(1_000, n)), config, "memory", false);
      store.reset();
      run("in-memory", items, config, "memory", true);
      store.reset();
      run("sqlite", items, config, "sqlite", true);
    }
  }

  private static void run(String label, List<BatchItem> items, ClientConfig config, String kind, boolean report)
      throws IOException {
    Path out = Files.createTempDirectory("batch-bench");
    try {
      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      TimedJournal journal = new TimedJournal(kind.equals("sqlite")
          ? BatchJournals.sqlite(out.resolve("batch.db")) : BatchJournals.inMemory());
      long start = System.nanoTime();
      BatchResult result;
      try (YandexArtClient client = YandexArtClient.create(config)) {
        result = BatchRunner.builder(client, journal, items).model(ModelUri.of("b1gbench")).outputDirectory(out)
            .minFreeSpace(0).maxInFlight(256).maxSubmitting(16).build().run();
      } finally {
        journal.close();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      if (report) {
        System.out.printf(Locale.ROOT, "%-9s %6d items in %6.1f s: %7.0f items/s, journal %6.3f ms/item (%d calls),"
            + " peak heap %4d MiB, exit %d%n", label, items.size(), seconds, items.size() / seconds,
            journal.nanos.get() / 1e6 / items.size(), journal.calls.get(), peak >> 20, result.exitCode());
      }
    } finally {
      try (Stream<Path> files = Files.walk(out)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
