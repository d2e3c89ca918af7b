package io.github.yandexart.batch.internal;

import io.github.yandexart.batch.BatchItem;
import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.ItemRecord;
import io.github.yandexart.batch.ItemState;
import io.github.yandexart.batch.JournalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** A journal in this process's memory, with the same rules as the SQL ones; for tests and benchmarks. */
public final class InMemoryJournal implements BatchJournal {
  private final TreeMap<Integer, Row> rows = new TreeMap<>();
  /** Lines by state, for claims that do not scan the whole batch. */
  private final Map<ItemState, TreeSet<Integer>> byState = new EnumMap<>(ItemState.class);
  private final LongSupplier clockMillis;
  private String batchId;
  private String source;

  private static final class Row {
    ItemRecord record;
    long leaseExpires;
  }

  public InMemoryJournal() {
    this(() -> System.nanoTime() / 1_000_000L);
  }

  public InMemoryJournal(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    for (ItemState s : ItemState.values()) {
      byState.put(s, new TreeSet<>());
    }
  }

  @Override
  public synchronized void begin(String batchId, String source, List<BatchItem> items) {
    if (this.batchId != null && !this.batchId.equals(batchId)) {
      throw new JournalException("the journal " + describe() + " holds another batch (" + rows.size() + " items from "
          + this.source + ")");
    }
    if (this.batchId == null) {
      this.batchId = batchId;
      this.source = source;
      for (BatchItem item : items) {
        Row row = new Row();
        row.record = ItemRecord.builder(item, ItemState.PENDING).build();
        rows.put(item.line(), row);
        byState.get(ItemState.PENDING).add(item.line());
      }
    }
    for (Row row : rows.values()) {
      row.leaseExpires = 0;
    }
  }

  @Override
  public synchronized int expireSubmitting() {
    int n = 0;
    long now = clockMillis.getAsLong();
    for (Integer line : new ArrayList<>(byState.get(ItemState.SUBMITTING))) {
      Row row = rows.get(line);
      if (row.leaseExpires < now) {
        row.record = row.record.toBuilder().error("WORKER_LOST", "the worker stopped between recording the intent"
            + " to submit and learning the operation id").build();
        set(row, ItemState.AMBIGUOUS);
        row.leaseExpires = 0;
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized Optional<ItemRecord> claimSubmit(String workerId, String clientRequestId, Duration lease,
      boolean includeAmbiguous) {
    Integer pending = byState.get(ItemState.PENDING).isEmpty() ? null : byState.get(ItemState.PENDING).first();
    Integer ambiguous = !includeAmbiguous || byState.get(ItemState.AMBIGUOUS).isEmpty() ? null
        : byState.get(ItemState.AMBIGUOUS).first();
    Integer line = pending;
    if (ambiguous != null && (line == null || ambiguous < line)) {
      line = ambiguous;
    }
    if (line == null) {
      return Optional.empty();
    }
    Row row = rows.get(line);
    row.record = row.record.toBuilder().clientRequestId(clientRequestId).workerId(workerId).build();
    set(row, ItemState.SUBMITTING);
    row.leaseExpires = clockMillis.getAsLong() + lease.toMillis();
    return Optional.of(row.record);
  }

  @Override
  public synchronized Optional<ItemRecord> claimAwait(String workerId, Duration lease) {
    long now = clockMillis.getAsLong();
    for (Integer line : byState.get(ItemState.SUBMITTED)) {
      Row row = rows.get(line);
      if (row.leaseExpires < now) {
        row.record = row.record.toBuilder().workerId(workerId).build();
        row.leaseExpires = now + lease.toMillis();
        return Optional.of(row.record);
      }
    }
    return Optional.empty();
  }

  private Row held(int line, String workerId, ItemState... from) {
    Row row = rows.get(line);
    if (row == null || !workerId.equals(row.record.workerId().orElse(null))) {
      return null;
    }
    for (ItemState s : from) {
      if (row.record.state() == s) {
        return row;
      }
    }
    return null;
  }

  @Override
  public synchronized boolean submitted(int line, String workerId, String clientRequestId, String operationId) {
    Row row = rows.get(line);
    if (row == null || !clientRequestId.equals(row.record.clientRequestId().orElse(null))) {
      return false;
    }
    boolean mine = row.record.state() == ItemState.SUBMITTING && workerId.equals(row.record.workerId().orElse(null));
    boolean lostButOurs = row.record.state() == ItemState.AMBIGUOUS && row.record.operationId().isEmpty();
    if (!mine && !lostButOurs) {
      return false;
    }
    row.record = row.record.toBuilder().operationId(operationId).workerId(workerId).error(null, null).build();
    set(row, ItemState.SUBMITTED);
    return true;
  }

  @Override
  public synchronized boolean done(int line, String workerId, String file, String sha256, long size,
      String modelVersion) {
    Row row = held(line, workerId, ItemState.SUBMITTED);
    if (row == null) {
      return false;
    }
    row.record = row.record.toBuilder().file(file).sha256(sha256).size(size).modelVersion(modelVersion)
        .error(null, null).build();
    set(row, ItemState.DONE);
    row.leaseExpires = 0;
    return true;
  }

  @Override
  public synchronized boolean failed(int line, String workerId, String code, String message) {
    return end(held(line, workerId, ItemState.SUBMITTING, ItemState.SUBMITTED), ItemState.FAILED, code, message);
  }

  @Override
  public synchronized boolean cancelled(int line, String workerId, String message) {
    return end(held(line, workerId, ItemState.SUBMITTED), ItemState.CANCELLED, "CANCELLED", message);
  }

  @Override
  public synchronized boolean ambiguous(int line, String workerId, String code, String message) {
    return end(held(line, workerId, ItemState.SUBMITTING), ItemState.AMBIGUOUS, code, message);
  }

  @Override
  public synchronized boolean notAccepted(int line, String workerId, String code, String message) {
    Row row = held(line, workerId, ItemState.SUBMITTING);
    if (row == null) {
      return false;
    }
    row.record = row.record.toBuilder().workerId(null).build();
    return end(row, ItemState.PENDING, code, message);
  }

  @Override
  public synchronized boolean release(int line, String workerId, String code, String message) {
    Row row = held(line, workerId, ItemState.SUBMITTED);
    if (row == null) {
      return false;
    }
    row.record = row.record.toBuilder().workerId(null).build();
    return end(row, ItemState.SUBMITTED, code, message);
  }

  @Override
  public synchronized boolean refetched(int line, String workerId, String file, String sha256, long size) {
    Row row = rows.get(line);
    if (row == null || row.record.state() != ItemState.DONE) {
      return false;
    }
    row.record = row.record.toBuilder().file(file).sha256(sha256).size(size).workerId(workerId).error(null, null)
        .build();
    return true;
  }

  private boolean end(Row row, ItemState state, String code, String message) {
    if (row == null) {
      return false;
    }
    row.record = row.record.toBuilder().error(code, message).build();
    set(row, state);
    row.leaseExpires = 0;
    return true;
  }

  private void set(Row row, ItemState state) {
    ItemRecord r = row.record;
    byState.get(r.state()).remove(r.line());
    byState.get(state).add(r.line());
    row.record = ItemRecord.builder(r.item(), state).clientRequestId(r.clientRequestId().orElse(null))
        .operationId(r.operationId().orElse(null)).file(r.file().orElse(null)).sha256(r.sha256().orElse(null))
        .size(r.size().isPresent() ? r.size().getAsLong() : null).modelVersion(r.modelVersion().orElse(null))
        .error(r.errorCode().orElse(null), r.errorMessage().orElse(null)).workerId(r.workerId().orElse(null))
        .build();
  }

  @Override
  public synchronized int renew(String workerId, Duration lease) {
    int n = 0;
    long until = clockMillis.getAsLong() + lease.toMillis();
    List<Integer> held = new ArrayList<>(byState.get(ItemState.SUBMITTING));
    held.addAll(byState.get(ItemState.SUBMITTED));
    for (Integer line : held) {
      Row row = rows.get(line);
      ItemState s = row.record.state();
      if ((s == ItemState.SUBMITTING || s == ItemState.SUBMITTED)
          && workerId.equals(row.record.workerId().orElse(null))) {
        row.leaseExpires = until;
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized Map<ItemState, Integer> counts() {
    Map<ItemState, Integer> counts = new EnumMap<>(ItemState.class);
    for (ItemState s : ItemState.values()) {
      counts.put(s, 0);
    }
    byState.forEach((state, lines) -> counts.put(state, lines.size()));
    return counts;
  }

  @Override
  public synchronized List<ItemRecord> records() {
    List<ItemRecord> list = new ArrayList<>(rows.size());
    for (Row row : rows.values()) {
      list.add(row.record);
    }
    return list;
  }

  @Override
  public synchronized Optional<ItemRecord> record(int line) {
    Row row = rows.get(line);
    return row == null ? Optional.empty() : Optional.of(row.record);
  }

  @Override
  public synchronized Optional<String> batchId() {
    return Optional.ofNullable(batchId);
  }

  @Override
  public String describe() {
    return "in memory";
  }

  @Override
  public void close() {}
}
