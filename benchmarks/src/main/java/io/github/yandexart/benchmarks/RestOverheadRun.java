package io.github.yandexart.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.github.yandexart.YandexArtClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The REST rows of {@link SubmitGetThroughputBenchmark} without JMH, for a loaded machine and for
 * profiling: one emulator process, the SDK's REST client and raw Apache HttpClient 5 + Jackson in the
 * same JVM, measured in rounds of a few seconds per side, the sides taking turns to go first after
 * the emulator is reset, so that a change in the machine's load hits all alike. Per round: operations
 * per second and process CPU per operation; printed as medians of the per-round ratios. Raw is the
 * baseline; raw+headers is the same client also sending the two headers the SDK sends and raw does
 * not ({@code Accept}, {@code x-client-request-id}), which tells the server's work on those headers
 * apart from the client's own overhead. Caller threads are named {@code sdk-caller-N}, {@code
 * raw-caller-N} and {@code rawh-caller-N} so that a JFR recording ({@code -XX:StartFlightRecording})
 * can be split. Each ratio is printed with its rounds, which {@link PooledRounds} pools over several
 * runs.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.RestOverheadRun
 * [callers=1,16] [rounds=5] [seconds=3]}
 */
public final class RestOverheadRun {
  private RestOverheadRun() {}

  public static void main(String[] args) throws Exception {
    int[] callers = Arrays.stream((args.length > 0 ? args[0] : "1,16").split(",")).mapToInt(Integer::parseInt).toArray();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    try (EmulatorProcess emulator = EmulatorProcess.start(0)) {
      SubmitGetThroughputBenchmark.Server server = new SubmitGetThroughputBenchmark.Server();
      server.rest = emulator.rest();
      EmulatorAdmin admin = emulator.admin();
      SubmitGetThroughputBenchmark.RestRaw raw = new SubmitGetThroughputBenchmark.RestRaw();
      raw.start(server);
      YandexArtClient sdk = SubmitGetThroughputBenchmark.sdk("rest", emulator.rest());
      Callable<Object> sdkOp = () -> sdk.getOperation(sdk.submit(SubmitGetThroughputBenchmark.REQUEST).id())
          .image().orElseThrow();
      Callable<Object> rawOp = raw::submitThenGet;
      Callable<Object> rawHeadersOp = raw::submitThenGetWithSdkHeaders;
      try {
        for (int n : callers) {
          // warm-up: both, alternating three times (a shorter one left the JIT compiling into the first round)
          for (int w = 0; w < 3; w++) {
            admin.reset();
            round("sdk", sdkOp, n, seconds, emulator);
            round("raw", rawOp, n, seconds, emulator);
            round("rawh", rawHeadersOp, n, seconds, emulator);
          }
          List<double[]> sdkR = new ArrayList<>();
          List<double[]> rawR = new ArrayList<>();
          List<double[]> rawHeadersR = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            admin.reset();
            // each side goes first after the reset in a third of the rounds
            for (int k = 0; k < 3; k++) {
              switch ((r + k) % 3) {
                case 0:
                  sdkR.add(round("sdk", sdkOp, n, seconds, emulator));
                  break;
                case 1:
                  rawR.add(round("raw", rawOp, n, seconds, emulator));
                  break;
                default:
                  rawHeadersR.add(round("rawh", rawHeadersOp, n, seconds, emulator));
              }
            }
          }
          System.out.println(result(n, sdkR, rawR, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
          System.out.println(resultWithHeaders(n, sdkR, rawHeadersR));
        }
      } finally {
        sdk.close();
        raw.stop();
      }
    }
  }

  /**
   * The {@code RESULT} line of a caller count: each side's medians, then the ratios with their rounds
   * ({@link PooledRounds} reads it back). Rounds are {ops/s, CPU µs per op, bytes per op, emulator CPU µs per op}.
   */
  static String result(int callers, List<double[]> sdk, List<double[]> raw, double load) {
    return String.format(Locale.ROOT, "RESULT callers=%d sdk %s | raw %s | %s | load %.1f", callers, describe(sdk),
        describe(raw), ratios(sdk, raw), load);
  }

  /** The {@code RESULT} line against the raw client that also sends the SDK's two headers. */
  static String resultWithHeaders(int callers, List<double[]> sdk, List<double[]> rawHeaders) {
    return String.format(Locale.ROOT, "RESULT callers=%d against raw sending the SDK's two headers too: raw+headers"
        + " %s | %s", callers, describe(rawHeaders), ratios(sdk, rawHeaders));
  }

  /** {@code callers} threads run {@code op} for {@code seconds}: {ops/s, process CPU µs per op, bytes allocated per op}. */
  private static double[] round(String name, Callable<Object> op, int callers, int seconds, EmulatorProcess emulator)
      throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder ops = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int i = 0; i < callers; i++) {
      Thread t = new Thread(() -> {
        try {
          while (!stop.get()) {
            op.call();
            ops.increment();
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      }, name + "-caller-" + i);
      threads.add(t);
    }
    com.sun.management.ThreadMXBean heap = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long alloc0 = heap.getTotalThreadAllocatedBytes();
    long cpu0 = os.getProcessCpuTime();
    long server0 = emulator.cpuNanos();
    long t0 = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    long wall = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    long alloc = heap.getTotalThreadAllocatedBytes() - alloc0;
    long server = emulator.cpuNanos() - server0;
    if (failure[0] != null) {
      throw new IllegalStateException(name + " failed", failure[0]);
    }
    long n = ops.sum();
    return new double[] {n * 1e9 / wall, cpu / 1000.0 / Math.max(1, n), alloc / (double) Math.max(1, n),
        server / 1000.0 / Math.max(1, n)};
  }

  /** The medians of a side's rounds. */
  private static String describe(List<double[]> side) {
    return String.format(Locale.ROOT, "%.0f ops/s %.1f us/op %.1f KiB/op (emulator %.1f us/op)",
        median(side, 0), median(side, 1), median(side, 2) / 1024, median(side, 3));
  }

  /**
   * The medians of the per-round ratios of {@code sdk} to {@code raw}, each with its 95% interval
   * ({@link Stats#medianInterval}), and the rounds.
   */
  private static String ratios(List<double[]> sdk, List<double[]> raw) {
    double[] tput = new double[sdk.size()];
    double[] cpu = new double[sdk.size()];
    for (int r = 0; r < sdk.size(); r++) {
      tput[r] = sdk.get(r)[0] / raw.get(r)[0];
      cpu[r] = sdk.get(r)[1] / raw.get(r)[1];
    }
    return String.format(Locale.ROOT, "throughput ratio %s (rounds %s) | CPU ratio %s (rounds %s)",
        Stats.medianWithInterval(tput), fmt(tput), Stats.medianWithInterval(cpu), fmt(cpu));
  }

  private static double median(List<double[]> rounds, int i) {
    return Stats.median(rounds.stream().mapToDouble(r -> r[i]).toArray());
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return b.toString();
  }
}
