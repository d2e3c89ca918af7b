package io.github.yandexart.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void ranksMatchTheTablesForTheMedian() {
    // the published ranks of the 95% order-statistic interval for a median
    assertThat(Stats.lowerRank(5)).isZero();
    assertThat(Stats.lowerRank(6)).isEqualTo(1);
    assertThat(Stats.lowerRank(11)).isEqualTo(2);
    assertThat(Stats.lowerRank(21)).isEqualTo(6);
    assertThat(Stats.lowerRank(100)).isEqualTo(40);
  }

  @Test
  void intervalIsTheOrderStatisticsAtThoseRanks() {
    double[] v = new double[21];
    for (int i = 0; i < v.length; i++) {
      v[i] = 21 - i; // unsorted on purpose
    }
    assertThat(Stats.medianInterval(v)).containsExactly(6.0, 16.0);
    assertThat(Stats.median(v)).isEqualTo(11.0);
    assertThat(Stats.medianInterval(new double[] {1, 2, 3, 4, 5})).isNull();
    assertThat(Stats.medianWithInterval(new double[] {1, 2, 3})).isEqualTo("2.00");
  }

  @Test
  void intervalHoldsTheTrueMedianInAtLeast95PercentOfSamples() {
    // rounds of ratios around 1.0 with a skewed spread: the interval must cover 1.0 at least 95% of the time
    Random random = new Random(42);
    int covered = 0;
    int trials = 4_000;
    for (int t = 0; t < trials; t++) {
      double[] v = new double[21];
      for (int i = 0; i < v.length; i++) {
        double e = random.nextDouble() * 2 - 1; // median 0
        v[i] = 1.0 + e * e * e * 0.2;
      }
      double[] ci = Stats.medianInterval(v);
      if (ci[0] <= 1.0 && 1.0 <= ci[1]) {
        covered++;
      }
    }
    assertThat(covered / (double) trials).isBetween(0.95, 0.99);
  }
}
