package io.github.yandexart.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every row of the performance table in one run, each beside its raw baseline, printed as a Markdown
 * table "what | SDK | raw | ratio". Run from the repository root after building:
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl cli,benchmarks -am package
 * java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.Report [--quick] [--rounds N] [--only rows]
 * </pre>
 *
 * <p>Rows: {@code throughput} ({@link SubmitGetThroughputBenchmark}, JMH, 1 and 16 callers), {@code
 * threads} ({@link ThreadsInFlightRun}), {@code reads} ({@link ReadBudgetRun}: the sliding-window and
 * not-done rows), {@code heap} ({@link LargeImageHeapRun}), {@code decode} ({@link ImageDecodeRun}),
 * {@code cli} ({@code benchmarks/cli-start.sh}: the {@code ./yandexart} launcher beside plain {@code java
 * -jar}). The throughput rows run JMH {@code --rounds} times (default 3) and give medians of the per-round
 * ratios. {@code --quick} shortens every row (one round of fewer and shorter JMH iterations, 1,000
 * operations done after 10 s, 3 CLI runs) to check the harness, not to quote.
 */
public final class Report {
  private static final List<String> ROWS = List.of("throughput", "threads", "reads", "heap", "decode", "cli");

  private final List<String[]> table = new ArrayList<>();
  private final boolean quick;
  private final int rounds;

  private Report(boolean quick, int rounds) {
    this.quick = quick;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int rounds = 3;
    Set<String> rows = new LinkedHashSet<>(ROWS);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].equals("--rounds") && i + 1 < args.length) {
        rounds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--only") && i + 1 < args.length) {
        rows = new LinkedHashSet<>(List.of(args[++i].split(",")));
        if (!ROWS.containsAll(rows)) {
          throw new IllegalArgumentException("--only takes a comma-separated subset of " + ROWS);
        }
      } else {
        throw new IllegalArgumentException("usage: Report [--quick] [--rounds N] [--only " + String.join(",", ROWS) + "]");
      }
    }
    Report report = new Report(quick, quick ? 1 : rounds);
    long t0 = System.nanoTime();
    if (rows.contains("throughput") || rows.contains("threads")) {
      try (EmulatorProcess emulator = EmulatorProcess.start(0)) {
        if (rows.contains("throughput")) {
          report.throughput(emulator);
        }
        if (rows.contains("threads")) {
          report.threads(emulator);
        }
      }
    }
    if (rows.contains("reads")) {
      report.reads();
    }
    if (rows.contains("heap")) {
      report.heap();
    }
    if (rows.contains("decode")) {
      report.decode();
    }
    if (rows.contains("cli")) {
      report.cli();
    }
    report.print(Duration.ofNanos(System.nanoTime() - t0));
  }

  // ---------------------------------------------------------------- rows

  /**
   * JMH over every benchmark method at 1 and 16 callers, {@code rounds} times over, so that a change in
   * the machine's load hits the SDK and its baseline of the same round alike: each ratio is the median
   * of the per-round ratios (the throughputs shown are medians too).
   */
  private void throughput(EmulatorProcess emulator) throws Exception {
    List<Map<String, Double>> scores = new ArrayList<>();
    List<Map<String, Double>> cpus = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Path cpuFile = Files.createTempFile("yandexart-bench-cpu", ".txt");
      Map<String, Double> score = new HashMap<>();
      Map<String, Double> cpu = new HashMap<>();
      try {
        for (int threads : new int[] {1, 16}) {
          ChainedOptionsBuilder options = new OptionsBuilder()
              .include(SubmitGetThroughputBenchmark.class.getName() + "\\.")
              .threads(threads)
              .jvmArgsAppend("-Dyandexart.bench.rest=" + emulator.rest(), "-Dyandexart.bench.grpc=" + emulator.grpc(),
                  "-Dyandexart.bench.cpuFile=" + cpuFile);
          if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(2).measurementTime(TimeValue.seconds(1));
          }
          for (RunResult r : new Runner(options.build()).run()) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1) + " " + threads, r.getPrimaryResult().getScore());
          }
        }
        for (String line : Files.readAllLines(cpuFile, StandardCharsets.UTF_8)) {
          String[] f = line.trim().split(" ");
          cpu.put(f[0] + " " + f[1], Double.parseDouble(f[2]));
        }
      } finally {
        Files.deleteIfExists(cpuFile);
      }
      scores.add(score);
      cpus.add(cpu);
    }
    for (int threads : new int[] {1, 16}) {
      throughputRow("REST submit+get, " + callers(threads), "restSdk " + threads,
          List.of("restRaw " + threads), "Apache HttpClient 5 async + Jackson streaming", scores, cpus);
    }
    for (int threads : new int[] {1, 16}) {
      throughputRow("gRPC submit+get, " + callers(threads), "grpcSdk " + threads,
          List.of("grpcRawBlocking " + threads, "grpcRawFuture " + threads), "grpc-java stubs", scores, cpus);
    }
  }

  private static String callers(int threads) {
    return threads == 1 ? "1 caller" : threads + " callers";
  }

  /** Against the best of {@code raws} (by median throughput). */
  private void throughputRow(String what, String sdk, List<String> raws, String rawName,
      List<Map<String, Double>> scores, List<Map<String, Double>> cpus) {
    String best = raws.stream()
        .max((a, b) -> Double.compare(median(scores, m -> m.get(a)), median(scores, m -> m.get(b))))
        .orElseThrow();
    String stub = raws.size() > 1
        ? " (" + best.substring("grpcRaw".length(), best.indexOf(' ')).toLowerCase(Locale.ROOT) + ")" : "";
    List<Map<String, Double>> rounds = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      Map<String, Double> round = new HashMap<>();
      round.put("ratio", scores.get(i).get(sdk) / scores.get(i).get(best));
      round.put("cpuRatio", cpus.get(i).getOrDefault(sdk, Double.NaN) / cpus.get(i).getOrDefault(best, Double.NaN));
      rounds.add(round);
    }
    table.add(new String[] {what,
        String.format(Locale.ROOT, "%,.0f ops/s, CPU %.0f µs/op", median(scores, m -> m.get(sdk)),
            median(cpus, m -> m.getOrDefault(sdk, Double.NaN))),
        String.format(Locale.ROOT, "%s%s: %,.0f ops/s, CPU %.0f µs/op", rawName, stub,
            median(scores, m -> m.get(best)), median(cpus, m -> m.getOrDefault(best, Double.NaN))),
        String.format(Locale.ROOT, "%.2f× (CPU per op %.2f×)", median(rounds, m -> m.get("ratio")),
            median(rounds, m -> m.get("cpuRatio")))});
  }

  private static double median(List<Map<String, Double>> rounds, ToDoubleFunction<Map<String, Double>> value) {
    return Stats.median(rounds.stream().mapToDouble(value).toArray());
  }

  private void threads(EmulatorProcess emulator) throws Exception {
    int ops = quick ? 1_000 : 10_000;
    for (String transport : List.of("rest", "grpc")) {
      ThreadsInFlightRun.Result r = ThreadsInFlightRun.run(emulator, transport, ops);
      table.add(new String[] {String.format(Locale.ROOT, "threads with %,d operations in flight, %s", ops,
          transport.equals("rest") ? "REST" : "gRPC"),
          String.format(Locale.ROOT, "%d new threads at most (%d started): %s", r.peakNewThreads, r.threadsStarted,
              r.groups()),
          "—", "goal ≤ 8"});
    }
  }

  private void reads() throws Exception {
    int ops = quick ? 1_000 : 10_000;
    Duration doneAfter = Duration.ofSeconds(quick ? 10 : 45);
    ReadBudgetRun.Result r = ReadBudgetRun.run("rest", ops, doneAfter);
    table.add(new String[] {"operation reads in any sliding 1 s window (quota 50/s), seen by the server",
        String.format(Locale.ROOT, "%d at most (first second %d; calendar second %d)", r.maxSlidingSecond,
            r.maxInFirstSecond, r.maxCalendarSecond),
        "—", "goal ≤ 50 always"});
    table.add(new String[] {String.format(Locale.ROOT,
        "reads that found the operation not done, %,d operations each done %d s after submit", ops,
        doneAfter.toSeconds()),
        String.format(Locale.ROOT, "%,d of %,d (%.1f%%)%s; all done after %.0f s", r.readsNotDone, r.reads,
            100.0 * r.readsNotDone / r.reads, r.readsFailed > 0 ? ", " + r.readsFailed + " failed" : "",
            r.allDoneMillis / 1000.0),
        String.format(Locale.ROOT, "at least %.0f s at 50 reads/s", doneAfter.toSeconds() + ops / 50.0),
        "goal ≤ 5%"});
  }

  private void heap() throws Exception {
    Map<String, Integer> heap = LargeImageHeapRun.run(16, LargeImageHeapRun.CLIENTS);
    int raw = heap.get("raw-apache");
    String rawText = String.format(Locale.ROOT, "Apache streaming the body into Jackson: %d MiB; base64 streamed to"
        + " a file: %d MiB; a JVM that only starts the REST client: %d MiB", raw, heap.get("raw-apache-file"),
        heap.get("idle"));
    for (String transport : List.of("rest", "grpc")) {
      int sdk = heap.get(transport);
      table.add(new String[] {"16 MiB image over " + (transport.equals("rest") ? "REST" : "gRPC")
          + ": smallest -Xmx that receives it", sdk + " MiB", rawText,
          String.format(Locale.ROOT, "%.2f× the in-memory raw", (double) sdk / raw)});
    }
  }

  private void decode() throws IOException {
    ImageDecodeRun.Result r = ImageDecodeRun.run(16, quick ? 5 : 15);
    table.add(new String[] {"reading that image's REST body into bytes (parse + base64 decode), medians",
        String.format(Locale.ROOT, "%.1f ms", r.sdkMillis),
        String.format(Locale.ROOT, "Base64.getDecoder().decode(String) of the base64 alone: %.1f ms;"
            + " Jackson getBinaryValue over the body: %.1f ms", r.base64Millis, r.jacksonMillis),
        String.format(Locale.ROOT, "%.2f×", r.ratio)});
  }

  private void cli() throws Exception {
    Path script = Path.of("benchmarks", "cli-start.sh");
    if (!Files.exists(script)) {
      table.add(new String[] {"CLI generate --emulator", "not measured: run Report from the repository root", "", ""});
      return;
    }
    int runs = quick ? 3 : 7;
    Process p = new ProcessBuilder("bash", script.toString(), Integer.toString(runs))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    String jar = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        System.out.println(line);
        if (line.startsWith("RESULT ")) {
          result = line;
        } else if (line.startsWith("VARIANT jar ")) {
          jar = line;
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      table.add(new String[] {"CLI generate --emulator", "not measured: cli-start.sh failed (is cli/target/yandexart.jar"
          + " built?)", "", ""});
      return;
    }
    String[] f = result.split(" ");
    long gw = Long.parseLong(f[2]);
    long gr = Long.parseLong(f[3]) / 1024;
    long hw = Long.parseLong(f[5]);
    long hr = Long.parseLong(f[6]) / 1024;
    String plain = "";
    if (jar != null) {
      String[] j = jar.split(" ");
      plain = String.format(Locale.ROOT, "; plain `java -jar`: generate %.2f s, `--help` %.2f s",
          Long.parseLong(j[3]) / 1000.0, Long.parseLong(j[6]) / 1000.0);
    }
    table.add(new String[] {"CLI `./yandexart generate --emulator` wall / peak RSS, median of " + runs,
        String.format(Locale.ROOT, "%.2f s / %d MiB", gw / 1000.0, gr),
        String.format(Locale.ROOT, "`./yandexart --help`: %.2f s / %d MiB%s", hw / 1000.0, hr, plain),
        String.format(Locale.ROOT, "%.1f× / %.1f×", (double) gw / hw, (double) gr / hr)});
  }

  // ---------------------------------------------------------------- output

  private void print(Duration took) {
    System.out.println();
    System.out.printf(Locale.ROOT, "yandexart-java performance, %s, %d CPUs, %s %s%s (report took %d s)%n",
        System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), Runtime.version(), quick ? ", QUICK (not to quote)" : "",
        took.toSeconds());
    System.out.println("load average at the end: " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println();
    System.out.println("| what | SDK | raw | ratio |");
    System.out.println("|---|---|---|---|");
    for (String[] row : table) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }
}
