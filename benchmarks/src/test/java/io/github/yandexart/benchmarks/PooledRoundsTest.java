package io.github.yandexart.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PooledRoundsTest {
  // shaped like RestOverheadRun's RESULT lines, shortened
  private static final String RUN1 = "RESULT callers=16 sdk 4675 ops/s 107.0 us/op | raw 4867 ops/s | throughput"
      + " ratio 0.95 [95%: 0.95-0.97] (rounds 0.98 0.90 0.94) | CPU ratio 1.07 (rounds 1.13 0.99 1.09) | load 12.7";
  private static final String RUN1_HEADERS = "RESULT callers=16 against raw sending the SDK's two headers too:"
      + " raw+headers 4767 ops/s | throughput ratio 0.98 (rounds 1.04 0.95 0.97) | CPU ratio 1.05 (rounds 1.09 1.04"
      + " 1.04)";
  private static final String RUN2 = "RESULT callers=16 sdk 3396 ops/s | raw 3424 ops/s | throughput ratio 0.97"
      + " (rounds 0.92 1.01 0.93 1.00) | CPU ratio 1.04 (rounds 1.16 0.99 1.08 0.96) | load 12.6";

  @Test
  void roundsOfTheSameCallersAndBaselineArePooledAcrossRuns() {
    Map<String, PooledRounds.Pool> pools = new LinkedHashMap<>();
    PooledRounds.add(pools, "callers=16 round 3: not a RESULT line");
    PooledRounds.add(pools, RUN1);
    PooledRounds.add(pools, RUN1_HEADERS);
    PooledRounds.add(pools, "RESULT callers=1 sdk 1513 ops/s | raw 1530 ops/s | throughput ratio 1.01"
        + " (rounds 1.01 1.02) | CPU ratio 0.98 (rounds 0.98 0.97)");
    PooledRounds.add(pools, RUN2);

    assertThat(pools).containsOnlyKeys("callers=16 sdk/raw", "callers=16 sdk/raw+headers", "callers=1 sdk/raw");
    assertThat(pools.get("callers=16 sdk/raw").throughput).containsExactly(0.98, 0.90, 0.94, 0.92, 1.01, 0.93, 1.00);
    assertThat(pools.get("callers=16 sdk/raw").cpu).containsExactly(1.13, 0.99, 1.09, 1.16, 0.99, 1.08, 0.96);
    assertThat(pools.get("callers=16 sdk/raw+headers").throughput).containsExactly(1.04, 0.95, 0.97);
    // the median of all seven rounds: 0.94, where the two runs' own medians are 0.94 and 0.965
    assertThat(pools.get("callers=16 sdk/raw").describe())
        .startsWith("7 rounds, throughput ratio 0.94 [95%: 0.90-1.01] (rounds 0.90-1.01), CPU ratio 1.08");
  }

  @Test
  void aLineWhoseRoundsDoNotPairUpIsRefused() {
    assertThatThrownBy(() -> PooledRounds.add(new LinkedHashMap<>(),
        "RESULT callers=16 sdk | throughput ratio 1 (rounds 0.9 1.0) | CPU ratio 1 (rounds 1.1)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 throughput rounds and 1 CPU rounds");
  }

  @Test
  void theLinesRestOverheadRunPrintsAreReadBack() {
    // the format is RestOverheadRun's: a change there that PooledRounds cannot read fails here
    java.util.List<double[]> sdk = java.util.List.of(new double[] {900, 110, 30_000, 300},
        new double[] {1000, 100, 30_000, 300});
    java.util.List<double[]> raw = java.util.List.of(new double[] {1000, 100, 31_000, 290},
        new double[] {1000, 125, 31_000, 290});
    java.util.List<double[]> rawHeaders = java.util.List.of(new double[] {950, 105, 31_000, 295},
        new double[] {800, 100, 31_000, 295});
    Map<String, PooledRounds.Pool> pools = new LinkedHashMap<>();
    PooledRounds.add(pools, RestOverheadRun.result(16, sdk, raw, 11.5));
    PooledRounds.add(pools, RestOverheadRun.resultWithHeaders(16, sdk, rawHeaders));

    assertThat(pools.get("callers=16 sdk/raw").throughput).containsExactly(0.9, 1.0);
    assertThat(pools.get("callers=16 sdk/raw").cpu).containsExactly(1.1, 0.8);
    assertThat(pools.get("callers=16 sdk/raw+headers").throughput).containsExactly(0.947, 1.25);
    assertThat(pools.get("callers=16 sdk/raw+headers").cpu).containsExactly(1.048, 1.0);
  }
}
