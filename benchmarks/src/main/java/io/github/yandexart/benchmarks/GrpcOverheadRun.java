package io.github.yandexart.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.github.yandexart.YandexArtClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gRPC rows of {@link SubmitGetThroughputBenchmark}, for a machine whose load moves under the
 * measurement: the SDK's client and the raw grpc-java stubs (blocking and future) in ONE JVM, against
 * one emulator process, measured in short alternating slices (the order shuffled each round), so that
 * a change in the machine's load hits the SDK and its baseline of the same round alike. Each figure is
 * the median over rounds of the per-round ratio SDK / best raw; CPU is this process's CPU time per
 * operation within each slice.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.GrpcOverheadRun
 * [rounds [sliceMillis [callers,...]]]} (defaults 9, 2000, 1,16); {@code -Dyandexart.bench.only=sdk}
 * (or {@code rawBlocking}, {@code rawFuture}) runs that variant alone, for a profiler.
 */
public final class GrpcOverheadRun {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private GrpcOverheadRun() {}

  /** One way of doing a submit then a read. */
  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    long slice = args.length > 1 ? Long.parseLong(args[1]) : 2000;
    int[] callersList = args.length > 2
        ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 16};
    try (EmulatorProcess emulator = EmulatorProcess.start(0);
        YandexArtClient sdk = SubmitGetThroughputBenchmark.sdk("grpc", emulator.grpc());
        RawGrpc raw = new RawGrpc(emulator.grpc())) {
      Map<String, Op> ops = new LinkedHashMap<>();
      ops.put("sdk", () -> {
        var started = sdk.submit(SubmitGetThroughputBenchmark.REQUEST);
        sdk.getOperation(started.id()).image().orElseThrow();
      });
      ops.put("rawBlocking", raw::blockingSubmitThenGet);
      ops.put("rawFuture", raw::futureSubmitThenGet);
      EmulatorAdmin admin = emulator.admin();
      String only = System.getProperty("yandexart.bench.only");
      if (only != null) {
        // for a profiler: one variant only, rounds slices per caller count
        for (int callers : callersList) {
          for (int i = 0; i < rounds; i++) {
            double[] r = measure(ops.get(only), callers, slice);
            System.out.printf(Locale.ROOT, "%s callers=%d: %.0f ops/s, %.0f us CPU/op%n", only, callers, r[0], r[1]);
            admin.reset();
          }
        }
        return;
      }
      Random random = new Random(42);
      for (int callers : callersList) {
        // warm-up: every variant, a few slices each
        for (int i = 0; i < 4; i++) {
          for (Op op : ops.values()) {
            measure(op, callers, slice);
          }
          admin.reset();
        }
        List<Double> ratio = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpus = new LinkedHashMap<>();
        ops.keySet().forEach(k -> {
          rates.put(k, new ArrayList<>());
          cpus.put(k, new ArrayList<>());
        });
        for (int round = 0; round < rounds; round++) {
          List<String> order = new ArrayList<>(ops.keySet());
          Collections.shuffle(order, random);
          Map<String, double[]> r = new LinkedHashMap<>();
          for (String name : order) {
            r.put(name, measure(ops.get(name), callers, slice));
            admin.reset();
          }
          r.forEach((k, v) -> {
            rates.get(k).add(v[0]);
            cpus.get(k).add(v[1]);
          });
          String best = r.get("rawBlocking")[0] >= r.get("rawFuture")[0] ? "rawBlocking" : "rawFuture";
          ratio.add(r.get("sdk")[0] / r.get(best)[0]);
          cpuRatio.add(r.get("sdk")[1] / r.get(best)[1]);
          System.out.printf(Locale.ROOT, "callers=%d round %d: sdk %.0f ops/s %.0f us, rawBlocking %.0f ops/s %.0f us,"
                  + " rawFuture %.0f ops/s %.0f us -> %.2fx, cpu %.2fx%n", callers, round,
              r.get("sdk")[0], r.get("sdk")[1], r.get("rawBlocking")[0], r.get("rawBlocking")[1],
              r.get("rawFuture")[0], r.get("rawFuture")[1], ratio.get(round), cpuRatio.get(round));
        }
        System.out.printf(Locale.ROOT, "RESULT callers=%d: sdk %.0f ops/s (%.0f us CPU/op), rawBlocking %.0f (%.0f us),"
                + " rawFuture %.0f (%.0f us); median ratio sdk/best raw %sx, CPU per op %sx%n", callers,
            Stats.median(rates.get("sdk")), Stats.median(cpus.get("sdk")), Stats.median(rates.get("rawBlocking")),
            Stats.median(cpus.get("rawBlocking")), Stats.median(rates.get("rawFuture")),
            Stats.median(cpus.get("rawFuture")), Stats.medianWithInterval(ratio),
            Stats.medianWithInterval(cpuRatio));
      }
    }
  }

  /** {@code callers} threads doing {@code op} for {@code millis}: ops per second, process CPU us per op. */
  static double[] measure(Op op, int callers, long millis) throws Exception {
    LongAdder done = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(callers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Thread t = new Thread(() -> {
        ready.countDown();
        while (!stop.get()) {
          try {
            op.run();
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
            return;
          }
          if (measuring.get()) {
            done.increment();
          }
        }
      }, "bench-caller-" + i);
      t.start();
      threads.add(t);
    }
    ready.await();
    Thread.sleep(200); // every caller busy before the slice starts
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(millis);
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long cpu = OS.getProcessCpuTime() - cpu0;
    long n = done.sum();
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a call failed", failure.get());
    }
    return new double[] {n * 1e9 / elapsed, n == 0 ? Double.NaN : cpu / 1000.0 / n};
  }
}
