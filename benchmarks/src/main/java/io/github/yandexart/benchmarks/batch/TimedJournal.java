package io.github.yandexart.benchmarks.batch;

import io.github.yandexart.batch.BatchItem;
import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.ItemRecord;
import io.github.yandexart.batch.ItemState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A journal that adds up the time spent in it (every call is on the runner's thread). */
final class TimedJournal implements BatchJournal {
  private final BatchJournal journal;
  final AtomicLong nanos = new AtomicLong();
  final AtomicLong calls = new AtomicLong();

  TimedJournal(BatchJournal journal) {
    this.journal = journal;
  }

  private <T> T timed(Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      nanos.addAndGet(System.nanoTime() - start);
      calls.incrementAndGet();
    }
  }

  @Override
  public void begin(String batchId, String source, List<BatchItem> items) {
    timed(() -> {
      journal.begin(batchId, source, items);
      return null;
    });
  }

  @Override
  public int expireSubmitting() {
    return timed(journal::expireSubmitting);
  }

  @Override
  public Optional<ItemRecord> claimSubmit(String workerId, String clientRequestId, Duration lease,
      boolean includeAmbiguous) {
    return timed(() -> journal.claimSubmit(workerId, clientRequestId, lease, includeAmbiguous));
  }

  @Override
  public Optional<ItemRecord> claimAwait(String workerId, Duration lease) {
    return timed(() -> journal.claimAwait(workerId, lease));
  }

  @Override
  public boolean submitted(int line, String workerId, String clientRequestId, String operationId) {
    return timed(() -> journal.submitted(line, workerId, clientRequestId, operationId));
  }

  @Override
  public boolean done(int line, String workerId, String file, String sha256, long size, String modelVersion) {
    return timed(() -> journal.done(line, workerId, file, sha256, size, modelVersion));
  }

  @Override
  public boolean failed(int line, String workerId, String code, String message) {
    return timed(() -> journal.failed(line, workerId, code, message));
  }

  @Override
  public boolean cancelled(int line, String workerId, String message) {
    return timed(() -> journal.cancelled(line, workerId, message));
  }

  @Override
  public boolean ambiguous(int line, String workerId, String code, String message) {
    return timed(() -> journal.ambiguous(line, workerId, code, message));
  }

  @Override
  public boolean notAccepted(int line, String workerId, String code, String message) {
    return timed(() -> journal.notAccepted(line, workerId, code, message));
  }

  @Override
  public boolean release(int line, String workerId, String code, String message) {
    return timed(() -> journal.release(line, workerId, code, message));
  }

  @Override
  public boolean refetched(int line, String workerId, String file, String sha256, long size) {
    return timed(() -> journal.refetched(line, workerId, file, sha256, size));
  }

  @Override
  public int renew(String workerId, Duration lease) {
    return timed(() -> journal.renew(workerId, lease));
  }

  @Override
  public Map<ItemState, Integer> counts() {
    return timed(journal::counts);
  }

  @Override
  public List<ItemRecord> records() {
    return timed(journal::records);
  }

  @Override
  public Optional<ItemRecord> record(int line) {
    return timed(() -> journal.record(line));
  }

  @Override
  public Optional<String> batchId() {
    return timed(journal::batchId);
  }

  @Override
  public String describe() {
    return journal.describe();
  }

  @Override
  public void close() {
    journal.close();
  }
}
