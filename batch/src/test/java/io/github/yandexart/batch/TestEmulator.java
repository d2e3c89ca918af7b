package io.github.yandexart.batch;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** An emulator whose operations finish on a clock the test moves, and clients that poll it quickly. */
final class TestEmulator implements AutoCloseable {
  static final String FOLDER = "b1gbatch";

  final VirtualScheduler clock = new VirtualScheduler();
  final InMemoryOperationStore store;
  final YandexArtEmulator emulator;

  /** Operations finish on the test's virtual clock (recorded calls are stamped with it too). */
  TestEmulator() {
    this(true);
  }

  TestEmulator(boolean virtualClock) {
    InMemoryOperationStore.Builder b = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(Outcome.succeedAfterReads(0));
    if (virtualClock) {
      b.clock(clock.clock());
    }
    store = b.build();
    emulator = YandexArtEmulator.builder().store(store).build().start();
  }

  static WaitPolicy fastPolicy() {
    return WaitPolicy.builder().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)).multiplier(1.5)
        .jitter(0).totalBudget(Duration.ofMinutes(2)).maxReadsPerSecond(10_000).maxSubmitsPerMinute(60_000)
        .build();
  }

  ClientConfig config() {
    return ClientConfig.builder().credentials(Credentials.apiKey("emulator")).folderId(FOLDER).transport("rest")
        .endpoint(emulator.restEndpoint()).waitPolicy(fastPolicy()).build();
  }

  YandexArtClient client() {
    return YandexArtClient.create(config());
  }

  /** How many times the emulator accepted a submit of each prompt. */
  Map<String, Integer> acceptedSubmitsByPrompt() {
    Map<String, Integer> counts = new HashMap<>();
    for (RecordedCall c : store.calls()) {
      if (c.kind() == RecordedCall.Kind.SUBMIT && !c.failed()) {
        ImageGenerationRequest r = c.request().orElseThrow();
        counts.merge(r.messages().get(0).text(), 1, Integer::sum);
      }
    }
    return counts;
  }

  List<RecordedCall> submits() {
    return store.calls().stream().filter(c -> c.kind() == RecordedCall.Kind.SUBMIT && !c.failed()).toList();
  }

  /** Waits (without sleeping a fixed time) until {@code condition} holds, or fails after {@code limit}. */
  static void awaitCondition(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public void close() {
    emulator.close();
  }
}
