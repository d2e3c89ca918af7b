package io.github.yandexart.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The smallest {@code -Xmx} with which a fresh JVM (Serial GC, this classpath) runs a main to exit
 * code 0, found by bisection: the heap figure of the large-image runs.
 */
final class HeapBisection {
  private HeapBisection() {}

  /**
   * The smallest heap in MiB, between 2 and {@code maxMib}, with which {@code main} exits 0 given
   * {@code args} (and {@code jvmOptions} besides the heap); -1 if it fails even at {@code maxMib}.
   */
  static int smallestHeapMib(int maxMib, List<String> jvmOptions, Class<?> main, List<String> args)
      throws Exception {
    int low = 2;
    int high = maxMib;
    if (!succeeds(high, jvmOptions, main, args)) {
      return -1;
    }
    while (high - low > 1) {
      int mid = (low + high) / 2;
      if (succeeds(mid, jvmOptions, main, args)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  private static boolean succeeds(int heapMib, List<String> jvmOptions, Class<?> main, List<String> args)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(List.of("-Xmx" + heapMib + "m", "-Xms" + Math.min(heapMib, 2) + "m", "-XX:+UseSerialGC"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }
}
