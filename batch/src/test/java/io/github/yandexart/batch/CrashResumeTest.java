package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker process killed with SIGKILL mid-batch loses nothing and pays for nothing twice. */
class CrashResumeTest {
  @TempDir Path dir;

  @Test
  void aBatchKilledWithSigkillResumesAndEveryItemIsSubmittedExactlyOnce() throws Exception {
    Path input = dir.resolve("prompts.txt");
    Files.writeString(input, IntStream.rangeClosed(1, 30).mapToObj(i -> "prompt number " + i)
        .collect(Collectors.joining("\n", "# a catalogue\n", "\n")));
    Path out = dir.resolve("out");
    Path db = out.resolve("batch.db");
    try (TestEmulator emu = new TestEmulator()) {
      // The first operations finish only when the test moves the emulator's clock: the worker fills
      // its 6 slots with SUBMITTED items and holds them, a state the test can see and then kill.
      emu.store.setDefaultOutcome(Outcome.succeedAfter(Duration.ofHours(1)));
      Process worker = TestWorker.start(dir.resolve("worker.log"), emu.emulator.restEndpoint().toString(),
          db.toString(), input.toString(), out.toString(), "doomed", "6", "60000");
      try (BatchJournal journal = BatchJournals.sqlite(db)) {
        TestEmulator.awaitCondition(() -> {
          if (!worker.isAlive()) {
            throw new AssertionError("the worker ended early: " + log(dir.resolve("worker.log")));
          }
          return Files.exists(db) && journal.counts().get(ItemState.SUBMITTED) == 6;
        }, Duration.ofSeconds(30), "6 SUBMITTED items");
        assertThat(journal.counts().get(ItemState.SUBMITTING)).isZero();
      }
      worker.destroyForcibly();
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(worker.exitValue()).isEqualTo(137);
      assertThat(emu.submits()).hasSize(6);

      emu.clock.advance(Duration.ofHours(2));
      emu.store.setDefaultOutcome(Outcome.succeedAfterReads(1));
      List<BatchItem> items = BatchInput.read(input);
      try (YandexArtClient client = emu.client(); BatchJournal journal = BatchJournals.sqlite(db)) {
        BatchResult result = BatchRunner.builder(client, journal, items).model(ModelUri.of(TestEmulator.FOLDER))
            .outputDirectory(out).minFreeSpace(0).build().run();
        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.status().count(ItemState.DONE)).isEqualTo(30);
        for (ItemRecord r : journal.records()) {
          assertThat(Path.of(r.file().orElseThrow())).exists();
        }
      }
      Map<String, Integer> submits = emu.acceptedSubmitsByPrompt();
      assertThat(submits).hasSize(30).allSatisfy((prompt, n) -> assertThat(n).as(prompt).isEqualTo(1));
    }
  }

  private static String log(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
