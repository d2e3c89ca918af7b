/**
 * JMH benchmarks and scale runs; the root README lists each with the command that runs it and the
 * figures it gave.
 */
package io.github.yandexart.benchmarks;
