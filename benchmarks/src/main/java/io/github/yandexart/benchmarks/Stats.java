package io.github.yandexart.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Medians of rounds, and how far such a median can be trusted when the machine is noisy: a
 * distribution-free confidence interval for the median, from order statistics (no assumption about
 * the shape of the rounds' spread, no random resampling, so a run's output is reproducible from its
 * rounds).
 */
final class Stats {
  private Stats() {}

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double median(List<Double> values) {
    return median(array(values));
  }

  /**
   * An interval that holds the true median of what the rounds sample with at least 95% confidence:
   * the {@code j}-th smallest and {@code j}-th largest value, {@code j} the largest rank for which
   * fewer than {@code j} of {@code n} fair coin flips come up heads with probability at most 2.5%.
   * Null for fewer than 6 values, where no such rank exists.
   */
  static double[] medianInterval(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int j = lowerRank(v.length);
    return j == 0 ? null : new double[] {v[j - 1], v[v.length - j]};
  }

  /** The rank {@code j} of {@link #medianInterval}, 1-based; 0 when there is none. */
  static int lowerRank(int n) {
    // P(X <= k) for X ~ Binomial(n, 1/2), summed in logs so that large n cannot overflow
    double below = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      below += Math.exp(logChoose(n, k) - n * Math.log(2));
      if (below > 0.025) {
        break;
      }
      j = k + 1;
    }
    return j;
  }

  private static double logChoose(int n, int k) {
    double r = 0;
    for (int i = 1; i <= k; i++) {
      r += Math.log(n - k + i) - Math.log(i);
    }
    return r;
  }

  /** {@code 0.94 [0.93–0.95]}: a median with its 95% interval, or the median alone when there is none. */
  static String medianWithInterval(double[] values) {
    double[] ci = medianInterval(values);
    String m = String.format(Locale.ROOT, "%.2f", median(values));
    return ci == null ? m : m + String.format(Locale.ROOT, " [95%%: %.2f-%.2f]", ci[0], ci[1]);
  }

  static String medianWithInterval(List<Double> values) {
    return medianWithInterval(array(values));
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
