package io.github.yandexart.batch;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** A snapshot of a batch: the journal's counts by state and this worker's pace. Immutable. */
public final class BatchStatus {
  private final Map<ItemState, Integer> counts;
  private final int inFlight;
  private final double donePerMinute;

  public BatchStatus(Map<ItemState, Integer> counts, int inFlight, double donePerMinute) {
    EnumMap<ItemState, Integer> copy = new EnumMap<>(ItemState.class);
    for (ItemState s : ItemState.values()) {
      copy.put(s, counts.getOrDefault(s, 0));
    }
    this.counts = Collections.unmodifiableMap(copy);
    this.inFlight = inFlight;
    this.donePerMinute = donePerMinute;
  }

  /** Items in each state, across every worker of the batch. */
  public Map<ItemState, Integer> counts() {
    return counts;
  }

  public int count(ItemState state) {
    return counts.get(state);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Items neither final nor AMBIGUOUS: still to be submitted or awaited. */
  public int remaining() {
    return count(ItemState.PENDING) + count(ItemState.SUBMITTING) + count(ItemState.SUBMITTED);
  }

  /** Items this worker is submitting or awaiting now. */
  public int inFlight() {
    return inFlight;
  }

  /** Items this worker finished in the last minute. */
  public double donePerMinute() {
    return donePerMinute;
  }

  /** The time left at this worker's pace; empty before the first item is done. */
  public Optional<Duration> eta() {
    if (donePerMinute <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds((long) Math.ceil(remaining() * 60 / donePerMinute)));
  }

  @Override
  public String toString() {
    return "BatchStatus" + counts;
  }
}
