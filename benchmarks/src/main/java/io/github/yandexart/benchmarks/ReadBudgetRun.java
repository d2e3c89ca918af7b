package io.github.yandexart.benchmarks;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.ImageRenderer;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * N operations (default 10,000) waited for at once on one client with the service's read quota (50 a
 * second; submits unthrottled), against an emulator whose operations finish a fixed time after submit
 * (default 45 s). Seen from the server, which records every call with its time: the most operation
 * reads in any sliding one-second window (and in any calendar second), the share of reads that found
 * the operation not done yet, and the time until every wait ended. The emulator runs in this JVM
 * because its store's call log is what is read; its threads do not matter here.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.ReadBudgetRun [ops [doneAfterSeconds [rest|grpc]]]}
 */
public final class ReadBudgetRun {
  private ReadBudgetRun() {}

  /** What the server saw. */
  static final class Result {
    final String transport;
    final int ops;
    final Duration doneAfter;
    final int reads;
    final int readsNotDone;
    final int readsFailed;
    final int maxSlidingSecond;
    final int maxCalendarSecond;
    final int maxInFirstSecond;
    final long allDoneMillis;

    Result(String transport, int ops, Duration doneAfter, int reads, int readsNotDone, int readsFailed,
        int maxSlidingSecond, int maxCalendarSecond, int maxInFirstSecond, long allDoneMillis) {
      this.transport = transport;
      this.ops = ops;
      this.doneAfter = doneAfter;
      this.reads = reads;
      this.readsNotDone = readsNotDone;
      this.readsFailed = readsFailed;
      this.maxSlidingSecond = maxSlidingSecond;
      this.maxCalendarSecond = maxCalendarSecond;
      this.maxInFirstSecond = maxInFirstSecond;
      this.allDoneMillis = allDoneMillis;
    }
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration doneAfter = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 45);
    String transport = args.length > 2 ? args[2] : "rest";
    Result r = run(transport, ops, doneAfter);
    System.out.printf(Locale.ROOT, "%s: %,d operations, each done %d s after submit, all waits ended after %.1f s%n",
        r.transport, r.ops, r.doneAfter.toSeconds(), r.allDoneMillis / 1000.0);
    System.out.printf(Locale.ROOT, "reads: %,d, of which %,d (%.1f%%) found the operation not done, %,d failed%n",
        r.reads, r.readsNotDone, 100.0 * r.readsNotDone / r.reads, r.readsFailed);
    System.out.printf(Locale.ROOT, "most reads in a sliding second: %d (calendar second: %d; first second: %d)%n",
        r.maxSlidingSecond, r.maxCalendarSecond, r.maxInFirstSecond);
  }

  static Result run(String transport, int ops, Duration doneAfter) throws Exception {
    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a red cat");
    GeneratedImage image = ImageRenderer.small().render(request);
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfter(doneAfter).withImage(image)).build();
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().store(store).build().start()) {
      WaitPolicy policy = WaitPolicy.builder()
          .maxSubmitsPerMinute(Integer.MAX_VALUE) // the reads' quota stays the service's default
          .totalBudget(Duration.ofHours(1))
          .build();
      long t0 = System.nanoTime();
      try (YandexArtClient client = YandexArtClient.builder()
          .generator(io.github.yandexart.ImageGenerators.create(ClientConfig.builder()
              .credentials(Credentials.apiKey("bench"))
              .transport(transport)
              .endpoint(transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint())
              .build()))
          .waitPolicy(policy)
          .build()) {
        List<CompletableFuture<GeneratedImage>> waits = new ArrayList<>(ops);
        for (int i = 0; i < ops; i++) {
          waits.add(client.generateAsync(request));
        }
        CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.HOURS);
      }
      long allDone = (System.nanoTime() - t0) / 1_000_000;
      return analyse(transport, ops, doneAfter, store.calls(), allDone);
    }
  }

  static Result analyse(String transport, int ops, Duration doneAfter, List<RecordedCall> calls, long allDoneMillis) {
    Map<String, Instant> submittedAt = new HashMap<>();
    List<Instant> reads = new ArrayList<>();
    int notDone = 0;
    int failed = 0;
    for (RecordedCall c : calls) {
      if (c.kind() == RecordedCall.Kind.SUBMIT && !c.failed()) {
        submittedAt.put(c.operationId().orElseThrow(), c.at());
      }
    }
    for (RecordedCall c : calls) {
      if (c.kind() != RecordedCall.Kind.GET) {
        continue;
      }
      reads.add(c.at());
      if (c.failed()) {
        failed++;
        continue;
      }
      Instant submitted = submittedAt.get(c.operationId().orElseThrow());
      if (submitted == null || c.at().isBefore(submitted.plus(doneAfter))) {
        notDone++;
      }
    }
    long[] t = reads.stream().mapToLong(i -> i.getEpochSecond() * 1_000_000_000L + i.getNano()).sorted().toArray();
    return new Result(transport, ops, doneAfter, t.length, notDone, failed, maxInSlidingSecond(t),
        maxInCalendarSecond(t), t.length == 0 ? 0 : countBefore(t, t[0] + 1_000_000_000L), allDoneMillis);
  }

  /** The most instants (sorted, in nanoseconds) in any half-open window one second long. */
  static int maxInSlidingSecond(long[] sorted) {
    int max = 0;
    int first = 0;
    for (int last = 0; last < sorted.length; last++) {
      while (sorted[last] - sorted[first] >= 1_000_000_000L) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  static int maxInCalendarSecond(long[] sorted) {
    Map<Long, Integer> perSecond = new HashMap<>();
    for (long t : sorted) {
      perSecond.merge(Math.floorDiv(t, 1_000_000_000L), 1, Integer::sum);
    }
    return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static int countBefore(long[] sorted, long end) {
    int i = Arrays.binarySearch(sorted, end);
    return i >= 0 ? i : -i - 1;
  }
}
