/**
 * The measuring harness: every row of the performance table beside its raw baseline (the same
 * library used by hand), with the emulator in another JVM on loopback where the client's threads,
 * heap or CPU are measured. {@link io.github.yandexart.benchmarks.Report} runs them all and prints the
 * table; each run also has a {@code main} of its own. The root README lists the commands and figures.
 */
package io.github.yandexart.benchmarks;
