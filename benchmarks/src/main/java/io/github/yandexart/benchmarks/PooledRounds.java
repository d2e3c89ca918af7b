package io.github.yandexart.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pools the rounds of several {@link RestOverheadRun} outputs: one run on a noisy machine gives a
 * wide interval, and the rounds of runs of the same code are samples of the same thing. Reads the
 * {@code RESULT} lines, takes their per-round ratios, and prints per caller count and baseline the
 * pooled median of the throughput and CPU ratios with their 95% intervals ({@link Stats}).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.PooledRounds
 * run1.txt run2.txt ...}
 */
public final class PooledRounds {
  private static final Pattern CALLERS = Pattern.compile("^RESULT callers=(\\d+) ");
  private static final Pattern THROUGHPUT = Pattern.compile("throughput ratio [^(]*\\(rounds ([^)]*)\\)");
  private static final Pattern CPU = Pattern.compile("CPU ratio [^(]*\\(rounds ([^)]*)\\)");

  private PooledRounds() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: PooledRounds FILE... (outputs of RestOverheadRun)");
      System.exit(2);
    }
    Map<String, Pool> pools = new LinkedHashMap<>();
    for (String file : args) {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        add(pools, line);
      }
    }
    if (pools.isEmpty()) {
      System.err.println("no RESULT line with rounds in " + String.join(", ", args));
      System.exit(1);
    }
    pools.forEach((key, pool) -> System.out.println(key + ": " + pool.describe()));
  }

  /** The ratios of one baseline at one caller count, over every run read. */
  static final class Pool {
    final List<Double> throughput = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();

    String describe() {
      return String.format(Locale.ROOT, "%d rounds, throughput ratio %s (rounds %.2f-%.2f), CPU ratio %s",
          throughput.size(), Stats.medianWithInterval(throughput),
          throughput.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          throughput.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
          Stats.medianWithInterval(cpu));
    }
  }

  /** Adds the rounds of {@code line} to its pool, if it is a {@code RESULT} line that has them. */
  static void add(Map<String, Pool> pools, String line) {
    Matcher callers = CALLERS.matcher(line);
    Matcher throughput = THROUGHPUT.matcher(line);
    Matcher cpu = CPU.matcher(line);
    if (!callers.find() || !throughput.find() || !cpu.find()) {
      return;
    }
    String baseline = line.contains("against raw sending the SDK's two headers") ? "raw+headers" : "raw";
    Pool pool = pools.computeIfAbsent("callers=" + callers.group(1) + " sdk/" + baseline, k -> new Pool());
    List<Double> t = numbers(throughput.group(1));
    List<Double> c = numbers(cpu.group(1));
    if (t.size() != c.size()) {
      throw new IllegalArgumentException("a RESULT line with " + t.size() + " throughput rounds and " + c.size()
          + " CPU rounds: " + line);
    }
    pool.throughput.addAll(t);
    pool.cpu.addAll(c);
  }

  private static List<Double> numbers(String text) {
    List<Double> values = new ArrayList<>();
    for (String s : text.trim().split("\\s+")) {
      values.add(Double.parseDouble(s));
    }
    return values;
  }
}
