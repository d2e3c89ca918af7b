package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.batch.internal.InMemoryJournal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules a shared journal keeps between workers, checked on PostgreSQL and on the in-memory
 * journal: leases expire, a worker that lost its lease changes nothing, and nothing moves backwards.
 */
class JournalLeaseTest {
  private static final Duration SHORT = Duration.ofMillis(1);
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final List<BatchItem> ITEMS = IntStream.rangeClosed(1, 3)
      .mapToObj(i -> BatchItem.builder(i, "prompt " + i).build()).toList();

  /** Two workers' handles on one journal. */
  record Pair(BatchJournal a, BatchJournal b, Runnable expireLeases) {}

  static Stream<String> kinds() {
    return Stream.of("postgres", "memory");
  }

  private static Pair open(String kind) {
    if (kind.equals("memory")) {
      AtomicLong now = new AtomicLong();
      InMemoryJournal shared = new InMemoryJournal(now::get);
      return new Pair(shared, shared, () -> now.addAndGet(LONG.toMillis() * 2));
    }
    String url = TestPostgres.newDatabase();
    BatchJournal a = BatchJournals.open(url);
    BatchJournal b = BatchJournals.open(url);
    // A lease of 1 ms on the database's clock: waiting for it is waiting for a condition.
    return new Pair(a, b, () -> {});
  }

  private static <T> T eventually(Supplier<Optional<T>> attempt) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Optional<T> r = attempt.get();
      if (r.isPresent()) {
        return r.get();
      }
      assertThat(System.nanoTime()).as("a lease to expire").isLessThan(deadline);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void anExpiredSubmittingItemBecomesAmbiguousAndTheLateReplyStillResolvesIt(String kind) {
    Pair p = open(kind);
    p.a().begin(BatchInput.batchId(ITEMS), "items", ITEMS);
    p.b().begin(BatchInput.batchId(ITEMS), "items", ITEMS);
    ItemRecord claimed = p.a().claimSubmit("a", "crid-1", SHORT, false).orElseThrow();
    assertThat(claimed.line()).isEqualTo(1);
    assertThat(claimed.state()).isEqualTo(ItemState.SUBMITTING);

    p.expireLeases().run();
    assertThat(eventually(() -> Optional.of(p.b().expireSubmitting()).filter(n -> n == 1))).isEqualTo(1);
    ItemRecord ambiguous = p.b().record(1).orElseThrow();
    assertThat(ambiguous.state()).isEqualTo(ItemState.AMBIGUOUS);
    assertThat(ambiguous.errorCode()).contains("WORKER_LOST");
    // Not claimable for a submit unless the user opts in.
    assertThat(p.b().claimSubmit("b", "crid-2", LONG, false).orElseThrow().line()).isEqualTo(2);

    // The worker was only slow: its reply names the intent's id, so the item is resolved, not lost.
    assertThat(p.a().submitted(1, "a", "crid-1", "op-1")).isTrue();
    assertThat(p.b().record(1).orElseThrow().state()).isEqualTo(ItemState.SUBMITTED);
    assertThat(p.b().record(1).orElseThrow().operationId()).contains("op-1");
    p.a().close();
    p.b().close();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void anotherWorkerTakesOverAnExpiredSubmittedItemAndTheFirstCanNoLongerFinishIt(String kind) {
    Pair p = open(kind);
    p.a().begin(BatchInput.batchId(ITEMS), "items", ITEMS);
    p.a().claimSubmit("a", "crid-1", SHORT, false).orElseThrow();
    assertThat(p.a().submitted(1, "a", "crid-1", "op-1")).isTrue();
    if (kind.equals("memory")) {
      assertThat(p.b().claimAwait("b", LONG)).as("a's lease still runs").isEmpty();
    }

    p.expireLeases().run();
    ItemRecord taken = eventually(() -> p.b().claimAwait("b", LONG));
    assertThat(taken.operationId()).contains("op-1");
    assertThat(taken.workerId()).contains("b");

    assertThat(p.a().done(1, "a", "/a/1.jpeg", "sha", 1, "v")).as("a lost its lease").isFalse();
    assertThat(p.b().done(1, "b", "/b/1.jpeg", "sha", 1, "v")).isTrue();
    // States only move forward: a DONE item is neither failed nor claimed again.
    assertThat(p.b().failed(1, "b", "INTERNAL", "late")).isFalse();
    assertThat(p.b().claimAwait("b", LONG)).isEmpty();
    ItemRecord done = p.a().record(1).orElseThrow();
    assertThat(done.state()).isEqualTo(ItemState.DONE);
    assertThat(done.file()).contains("/b/1.jpeg");
    assertThat(done.workerId()).contains("b");
    p.a().close();
    p.b().close();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aRefusedSubmitReturnsToPendingAndTwoWorkersNeverClaimTheSameItem(String kind) {
    Pair p = open(kind);
    p.a().begin(BatchInput.batchId(ITEMS), "items", ITEMS);
    ItemRecord first = p.a().claimSubmit("a", "crid-1", LONG, false).orElseThrow();
    ItemRecord second = p.b().claimSubmit("b", "crid-2", LONG, false).orElseThrow();
    assertThat(second.line()).isNotEqualTo(first.line());
    assertThat(p.a().notAccepted(first.line(), "a", "RESOURCE_EXHAUSTED", "quota")).isTrue();
    assertThat(p.b().record(first.line()).orElseThrow().state()).isEqualTo(ItemState.PENDING);
    assertThat(p.b().notAccepted(first.line(), "b", "UNAVAILABLE", "not mine")).isFalse();
    assertThat(p.a().counts()).containsEntry(ItemState.PENDING, 2).containsEntry(ItemState.SUBMITTING, 1);
    p.a().close();
    p.b().close();
  }
}
