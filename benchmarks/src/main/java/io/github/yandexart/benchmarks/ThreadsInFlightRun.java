package io.github.yandexart.benchmarks;

import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How many threads the SDK and its transport start with N operations in flight on one client (default
 * 10,000), against the emulator in another JVM whose operations never finish: every wait is submitted
 * at once; once every submit is answered, the client reads for at least 4 s and on until 100 reads came
 * back or 20 s passed, whichever is first (the engine holds back reads of young operations when reads
 * are scarce, and these never finish, so there may be few). The live threads are sampled
 * every 20 ms; the figure is the most threads alive at once that were not alive before the client was
 * built (the JIT's compiler threads aside), grouped by name.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.ThreadsInFlightRun [ops [rest,grpc]]}
 */
public final class ThreadsInFlightRun {
  private static final Pattern NUMBERS = Pattern.compile("\\d+");
  /** After every submit is answered, the threads are watched this long at least... */
  private static final Duration MIN_OBSERVE = Duration.ofSeconds(4);
  /** ...and on until this many reads came back... */
  private static final int READS = 100;
  /** ...or this long passed, whichever is first. */
  private static final Duration MAX_OBSERVE = Duration.ofSeconds(20);

  private ThreadsInFlightRun() {}

  /** What one transport did. */
  static final class Result {
    final String transport;
    final int ops;
    final int peakNewThreads;
    final long threadsStarted;
    final Map<String, Integer> groupsAtPeak;
    final long submitMillis;
    final long readsObserved;
    final long observedMillis;

    Result(String transport, int ops, int peakNewThreads, long threadsStarted, Map<String, Integer> groupsAtPeak,
        long submitMillis, long readsObserved, long observedMillis) {
      this.transport = transport;
      this.ops = ops;
      this.peakNewThreads = peakNewThreads;
      this.threadsStarted = threadsStarted;
      this.groupsAtPeak = groupsAtPeak;
      this.submitMillis = submitMillis;
      this.readsObserved = readsObserved;
      this.observedMillis = observedMillis;
    }

    String groups() {
      return groupsAtPeak.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
          .collect(Collectors.joining(", "));
    }
  }

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    List<String> transports = args.length > 1 ? List.of(args[1].split(",")) : List.of("rest", "grpc");
    try (EmulatorProcess emulator = EmulatorProcess.start(0)) {
      for (String transport : transports) {
        Result r = run(emulator, transport, ops);
        System.out.printf(Locale.ROOT, "%s: %,d operations in flight, all submitted in %d ms, then %d reads in %d ms;"
            + " at most %d new threads alive at once (%d started in all): %s%n", r.transport, r.ops, r.submitMillis,
            r.readsObserved, r.observedMillis, r.peakNewThreads, r.threadsStarted, r.groups());
      }
    }
  }

  static Result run(EmulatorProcess emulator, String transport, int ops) throws Exception {
    EmulatorAdmin admin = emulator.admin();
    admin.reset();
    admin.defaultOutcome("{\"neverDone\":true}");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Sampler sampler = new Sampler();
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    before.add(sampler);
    long startedBefore = mx.getTotalStartedThreadCount();
    sampler.before = before;
    sampler.start();

    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a red cat");
    CountingGenerator counting = new CountingGenerator(ImageGenerators.create(ClientConfig.builder()
        .credentials(Credentials.apiKey("bench"))
        .transport(transport)
        .endpoint(transport.equals("grpc") ? emulator.grpc() : emulator.rest())
        .build()));
    WaitPolicy policy = WaitPolicy.builder()
        .maxSubmitsPerMinute(Integer.MAX_VALUE) // the reads' quota stays the service's 50 a second
        .totalBudget(Duration.ofHours(1))
        .build();
    long t0 = System.nanoTime();
    long submitMillis;
    long readsObserved;
    long observedMillis;
    List<CompletableFuture<GeneratedImage>> waits = new ArrayList<>(ops);
    try (YandexArtClient client = YandexArtClient.builder().generator(counting).waitPolicy(policy).build()) {
      for (int i = 0; i < ops; i++) {
        waits.add(client.generateAsync(request));
      }
      while (counting.submitted.get() < ops) {
        if (waits.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
          waits.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow().join();
        }
        Thread.sleep(10);
      }
      submitMillis = (System.nanoTime() - t0) / 1_000_000;
      // then the client reads with everything in flight: at least MIN_OBSERVE, and on until READS more
      // reads came back or MAX_OBSERVE passed, whichever is first. The engine holds back the reads of
      // young operations when reads are scarce, and these never finish, so the reads may be few.
      long readsAtStart = counting.reads.get();
      long now = System.nanoTime();
      long minEnd = now + MIN_OBSERVE.toNanos();
      long maxEnd = now + MAX_OBSERVE.toNanos();
      while (System.nanoTime() < minEnd
          || (counting.reads.get() - readsAtStart < READS && System.nanoTime() < maxEnd)) {
        Thread.sleep(20);
      }
      readsObserved = counting.reads.get() - readsAtStart;
      observedMillis = (System.nanoTime() - now) / 1_000_000;
      if (waits.stream().anyMatch(CompletableFuture::isDone)) {
        throw new IllegalStateException("a wait ended while its operation was never to finish");
      }
      waits.forEach(w -> w.cancel(false));
    }
    sampler.interrupt();
    sampler.join();
    return new Result(transport, ops, sampler.peak, mx.getTotalStartedThreadCount() - startedBefore,
        sampler.groupsAtPeak, submitMillis, readsObserved, observedMillis);
  }

  /** Samples the live threads that were not alive before the client was built. */
  private static final class Sampler extends Thread {
    volatile Set<Thread> before;
    volatile int peak;
    volatile Map<String, Integer> groupsAtPeak = Map.of();

    Sampler() {
      super("bench-thread-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        List<Thread> fresh = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && !t.getName().contains("CompilerThread"))
            .collect(Collectors.toList());
        if (fresh.size() > peak) {
          Map<String, Integer> groups = new TreeMap<>();
          fresh.forEach(t -> groups.merge(NUMBERS.matcher(t.getName()).replaceAll("N"), 1, Integer::sum));
          peak = fresh.size();
          groupsAtPeak = groups;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Counts the calls that came back, so the run knows when every submit has landed. */
  static final class CountingGenerator implements ImageGenerator {
    final ImageGenerator delegate;
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    CountingGenerator(ImageGenerator delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
      return delegate.submit(request, options).whenComplete((op, e) -> {
        if (e == null) {
          submitted.incrementAndGet();
        }
      });
    }

    @Override
    public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
      return delegate.getOperation(operationId, options).whenComplete((op, e) -> reads.incrementAndGet());
    }

    @Override
    public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
      return delegate.cancelOperation(operationId, options);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
