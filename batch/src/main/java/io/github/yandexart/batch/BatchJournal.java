package io.github.yandexart.batch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of one batch: every item and its {@link ItemState}. A {@link BatchRunner}
 * writes each state change here, in its own transaction, before acting on it, so that a process
 * killed at any moment loses nothing that was paid for.
 *
 * <p>Workers hold items under leases: a worker that claims an item owns it until its lease expires,
 * and renews its leases while it lives. A change by a worker that lost its lease changes nothing
 * and returns false. Implementations: {@link BatchJournals#sqlite(java.nio.file.Path)} (one
 * process), {@link BatchJournals#postgres(String, java.util.Properties)} (a fleet) and {@link
 * BatchJournals#inMemory()} (tests).
 *
 * <p>Implementations are thread-safe. Errors are {@link JournalException}s.
 */
public interface BatchJournal extends AutoCloseable {

  /**
   * Records the batch's items (the first time) or checks that the journal holds this batch, and
   * readies the journal for this worker: a journal used by one process at a time (SQLite, in memory)
   * takes its lock here and treats every earlier lease as dead.
   *
   * @throws JournalException when the journal holds another batch, or another process holds it
   */
  void begin(String batchId, String source, List<BatchItem> items);

  /** Makes every SUBMITTING item whose lease has expired AMBIGUOUS; returns how many. */
  int expireSubmitting();

  /**
   * Claims the next PENDING item (and, when {@code includeAmbiguous}, AMBIGUOUS one) for {@code
   * workerId} and records the intent to submit it with {@code clientRequestId}: the item is
   * SUBMITTING when this returns, and the request may leave.
   */
  Optional<ItemRecord> claimSubmit(String workerId, String clientRequestId, Duration lease, boolean includeAmbiguous);

  /** Claims the next SUBMITTED item nobody holds (its lease expired or was released), to await it by id. */
  Optional<ItemRecord> claimAwait(String workerId, Duration lease);

  /** SUBMITTING → SUBMITTED; also resolves an AMBIGUOUS item whose last submit was this one. */
  boolean submitted(int line, String workerId, String clientRequestId, String operationId);

  /** SUBMITTED → DONE, recording the file. */
  boolean done(int line, String workerId, String file, String sha256, long size, String modelVersion);

  /** SUBMITTING or SUBMITTED → FAILED. */
  boolean failed(int line, String workerId, String code, String message);

  /** SUBMITTED → CANCELLED. */
  boolean cancelled(int line, String workerId, String message);

  /** SUBMITTING → AMBIGUOUS: the submit may or may not have been accepted. */
  boolean ambiguous(int line, String workerId, String code, String message);

  /** SUBMITTING → PENDING: the service provably did not accept the submit (nothing was paid). */
  boolean notAccepted(int line, String workerId, String code, String message);

  /** Gives up the lease of a SUBMITTED item, for this or another worker to await later. */
  boolean release(int line, String workerId, String code, String message);

  /** Records a new file for a DONE item whose file was lost and fetched again by operation id. */
  boolean refetched(int line, String workerId, String file, String sha256, long size);

  /** Extends the leases of every item {@code workerId} holds; returns how many. */
  int renew(String workerId, Duration lease);

  /** How many items are in each state. */
  Map<ItemState, Integer> counts();

  /** Every item, by line. */
  List<ItemRecord> records();

  /** The item on {@code line}, if the batch has one. */
  Optional<ItemRecord> record(int line);

  /** The batch this journal holds, if any. */
  Optional<String> batchId();

  /** Where the journal lives, for messages (never with a password). */
  String describe();

  @Override
  void close();
}
