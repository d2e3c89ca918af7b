package io.github.yandexart.benchmarks;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.ImageRenderer;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prints how many threads and how much heap N concurrent waits on one client take (default 10,000),
 * against the fake on the default scheduler. A scale run, not a test (it takes seconds and prints
 * numbers):
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.ConcurrentWaitsRun [waits]
 * </pre>
 *
 * <p>Every wait is submitted at once and its first read is 2 s later, so the heap is measured with
 * all of them in flight. The fake's operations hold one shared image, so the heap shows the engine,
 * the futures and the fake's bookkeeping, not image bytes.
 */
public final class ConcurrentWaitsRun {
  private ConcurrentWaitsRun() {}

  public static void main(String[] args) throws Exception {
    int waits = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gmeasure"), "a red cat");
    GeneratedImage image = ImageRenderer.small().render(request);
    WaitPolicy policy = WaitPolicy.builder()
        .initialDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(2))
        .maxReadsPerSecond(100_000).maxSubmitsPerMinute(Integer.MAX_VALUE).build();

    run(1_000, request, image, policy.toBuilder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build(),
        false);
    run(waits, request, image, policy, true);
  }

  private static void run(int waits, ImageGenerationRequest request, GeneratedImage image, WaitPolicy policy,
      boolean report) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long heapBefore = usedHeapAfterGc(memory);
    long storeShare = fakeStoreShare(waits, request, image, memory) - heapBefore;
    int threadsBefore = threads.getThreadCount();
    long startedBefore = threads.getTotalStartedThreadCount();
    threads.resetPeakThreadCount();

    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
    store.setDefaultOutcome(Outcome.succeedAfterReads(2).withImage(image));
    YandexArtClient client = YandexArtClient.builder().generator(FakeImageGenerator.over(store))
        .waitPolicy(policy).build();
    List<CompletableFuture<GeneratedImage>> futures = new ArrayList<>(waits);
    long t0 = System.nanoTime();
    for (int i = 0; i < waits; i++) {
      futures.add(client.generateAsync(request));
    }
    long submitted = System.nanoTime();
    long heapInFlight = usedHeapAfterGc(memory);
    long inFlight = futures.stream().filter(f -> !f.isDone()).count();
    long sdkThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yandexart-")).count();

    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
    long finished = System.nanoTime();
    int peakThreads = threads.getPeakThreadCount();
    long started = threads.getTotalStartedThreadCount() - startedBefore;
    client.close();
    if (store.operationIds().size() != waits) {
      throw new IllegalStateException("expected " + waits + " operations, found " + store.operationIds().size());
    }

    if (report) {
      System.out.printf(Locale.ROOT, "concurrent waits:             %,d on one client (%s)%n", waits, Runtime.version());
      System.out.printf(Locale.ROOT, "submitting them took:         %d ms%n", (submitted - t0) / 1_000_000);
      System.out.printf(Locale.ROOT, "in flight when measured:      %,d%n", inFlight);
      System.out.printf(Locale.ROOT, "yandexart-* threads:          %d%n", sdkThreads);
      System.out.printf(Locale.ROOT, "threads started during run:   %d (JVM threads before %d, peak %d)%n",
          started, threadsBefore, peakThreads);
      System.out.printf(Locale.ROOT, "heap used before (after GC):  %,d KiB%n", heapBefore / 1024);
      System.out.printf(Locale.ROOT, "heap used in flight:          %,d KiB (+%,d KiB)%n",
          heapInFlight / 1024, (heapInFlight - heapBefore) / 1024);
      System.out.printf(Locale.ROOT, "  of which the fake store:    +%,d KiB (its %,d operations, measured apart)%n",
          storeShare / 1024, waits);
      System.out.printf(Locale.ROOT, "engine + futures per wait:    ~%,d bytes%n",
          (heapInFlight - heapBefore - storeShare) / waits);
      System.out.printf(Locale.ROOT, "all done after:               %d ms%n", (finished - t0) / 1_000_000);
    }
  }

  /** Heap used (after GC) while a fresh fake store holds {@code waits} submitted operations and nothing waits. */
  private static long fakeStoreShare(int waits, ImageGenerationRequest request, GeneratedImage image,
      MemoryMXBean memory) {
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
    store.setDefaultOutcome(Outcome.succeedAfterReads(2).withImage(image));
    FakeImageGenerator fake = FakeImageGenerator.over(store);
    for (int i = 0; i < waits; i++) {
      fake.submit(request).join();
    }
    long used = usedHeapAfterGc(memory);
    if (store.operationIds().size() != waits) {
      throw new IllegalStateException("the store lost operations");
    }
    return used;
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
