package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.testkit.Outcome;
import io.github.yandexart.testkit.RecordedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker processes share one batch through one PostgreSQL journal and one quota; one of them
 * is killed with SIGKILL mid-batch and the others finish its items.
 */
class FleetTest {
  private static final int ITEMS = 90;
  private static final int SUBMITS_PER_SECOND = 20;
  /**
   * Renewed every third: a healthy worker keeps its items through a stall of seconds on a loaded
   * machine, and the killed one's are taken over soon enough.
   */
  private static final Duration LEASE = Duration.ofSeconds(5);
  /** Per worker: 24 operations of 1.5 s could go at 16 a second, so the shared 20 is what binds the three. */
  private static final int MAX_IN_FLIGHT = 24;

  @TempDir Path dir;

  @Test
  void threeWorkersFinishOneBatchWithinTheSharedQuotaAndTakeOverAKilledWorkersItems() throws Exception {
    Path input = dir.resolve("prompts.txt");
    Files.writeString(input, IntStream.rangeClosed(1, ITEMS).mapToObj(i -> "prompt number " + i)
        .collect(Collectors.joining("\n", "", "\n")));
    String url = TestPostgres.newDatabase();
    logGrants(url);
    try (TestEmulator emu = new TestEmulator(false)) {
      // long enough that each worker holds several submitted items at once, the one killed too
      emu.store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofMillis(1500)));
      String endpoint = emu.emulator.restEndpoint().toString();
      List<Process> workers = new ArrayList<>();
      for (String id : List.of("w1", "w2", "w3")) {
        workers.add(TestWorker.start(dir.resolve(id + ".log"), endpoint, url, input.toString(),
            dir.resolve("out-" + id).toString(), id, Integer.toString(MAX_IN_FLIGHT), Long.toString(LEASE.toMillis()),
            Integer.toString(SUBMITS_PER_SECOND)));
      }
      Process doomed = workers.get(1);
      Set<Integer> heldByDoomed;
      try (BatchJournal journal = BatchJournals.open(url)) {
        TestEmulator.awaitCondition(() -> {
          for (Process w : workers) {
            if (!w.isAlive()) {
              throw new AssertionError("a worker ended early: " + logs());
            }
          }
          return emu.submits().size() >= 30 && submittedBy(journal, "w2").size() >= 2;
        }, Duration.ofSeconds(60), "w2 to hold submitted items");
        doomed.destroyForcibly();
        assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        heldByDoomed = submittedBy(journal, "w2");
      }
      for (Process w : List.of(workers.get(0), workers.get(2))) {
        assertThat(w.waitFor(90, TimeUnit.SECONDS)).as(logs()).isTrue();
        assertThat(w.exitValue()).as(logs()).isIn(0, 1);
      }

      try (BatchJournal journal = BatchJournals.open(url)) {
        Map<Integer, ItemRecord> records = journal.records().stream()
            .collect(Collectors.toMap(ItemRecord::line, r -> r));
        assertThat(records).hasSize(ITEMS);
        for (ItemRecord r : records.values()) {
          if (r.state() == ItemState.AMBIGUOUS) {
            // Only a submit the killed worker had in flight can be in doubt.
            assertThat(r.errorCode()).contains("WORKER_LOST");
          } else {
            assertThat(r.state()).as(r.toString()).isEqualTo(ItemState.DONE);
            assertThat(Path.of(r.file().orElseThrow())).exists();
          }
        }
        assertThat(records.values().stream().filter(r -> r.state() == ItemState.AMBIGUOUS)).hasSizeLessThanOrEqualTo(2);
        for (int line : heldByDoomed) {
          assertThat(records.get(line).state()).isEqualTo(ItemState.DONE);
          assertThat(records.get(line).workerId()).isPresent().get().isNotEqualTo("w2");
        }
        assertThat(records.values().stream().map(r -> r.workerId().orElse(""))).contains("w1", "w3");
      }
      Map<String, Integer> submits = emu.acceptedSubmitsByPrompt();
      assertThat(submits).allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
      assertThat(submits.size()).isGreaterThanOrEqualTo(ITEMS - 2);

      // The quota's promise, on the database's clock it is counted on: at most SUBMITS_PER_SECOND
      // grants to the whole fleet in any one-second window. What the service sees can lag a grant
      // (a cold worker JVM's first requests lag most), so it is held to the grants: no submit
      // reached it without one.
      List<Long> grants = grantMillis(url);
      assertThat(busiestSecond(grants)).as("grants in the busiest second, all workers together")
          .isLessThanOrEqualTo(SUBMITS_PER_SECOND).isGreaterThanOrEqualTo(SUBMITS_PER_SECOND / 4);
      long sent = emu.store.calls().stream().filter(c -> c.kind() == RecordedCall.Kind.SUBMIT).count();
      assertThat(sent).as("submits the service saw, against the %d grants", grants.size())
          .isLessThanOrEqualTo(grants.size());
    }
  }

  /** Has the database record the time of every grant of the "submits" quota, on its own clock. */
  private static void logGrants(String url) throws SQLException {
    SharedQuota.postgres(url, new Properties(), "submits", SUBMITS_PER_SECOND, Duration.ofSeconds(1)).close();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE quota_grant (name TEXT NOT NULL, at_millis BIGINT NOT NULL)");
      s.execute("CREATE FUNCTION log_grant() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " INSERT INTO quota_grant VALUES (NEW.name, NEW.updated_at); RETURN NULL; END $$");
      // Only a grant sets tokens; a worker opening the quota sets its rate alone.
      s.execute("CREATE TRIGGER grant_logged AFTER UPDATE OF tokens ON batch_quota FOR EACH ROW"
          + " EXECUTE FUNCTION log_grant()");
    }
  }

  private static List<Long> grantMillis(String url) throws SQLException {
    List<Long> times = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT at_millis FROM quota_grant WHERE name = 'submits' ORDER BY at_millis")) {
      while (r.next()) {
        times.add(r.getLong(1));
      }
    }
    return times;
  }

  /** The most of the sorted {@code millis} in any window of one second. */
  private static int busiestSecond(List<Long> millis) {
    int busiest = 0;
    for (int i = 0, j = 0; i < millis.size(); i++) {
      while (j < millis.size() && millis.get(j) < millis.get(i) + 1000) {
        j++;
      }
      busiest = Math.max(busiest, j - i);
    }
    return busiest;
  }

  private static Set<Integer> submittedBy(BatchJournal journal, String worker) {
    return journal.records().stream()
        .filter(r -> r.state() == ItemState.SUBMITTED && r.workerId().filter(worker::equals).isPresent())
        .map(ItemRecord::line).collect(Collectors.toSet());
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (String id : List.of("w1", "w2", "w3")) {
      try {
        s.append("\n--- ").append(id).append(":\n").append(Files.readString(dir.resolve(id + ".log")));
      } catch (IOException e) {
        s.append(e);
      }
    }
    return s.toString();
  }
}
