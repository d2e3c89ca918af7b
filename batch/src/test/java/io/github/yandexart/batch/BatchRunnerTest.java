package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ModelUri;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchRunnerTest {
  @TempDir Path dir;
  private TestEmulator emu;
  private YandexArtClient client;
  private final List<BatchJournal> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    emu = new TestEmulator();
    client = emu.client();
  }

  @AfterEach
  void stop() {
    opened.forEach(BatchJournal::close);
    client.close();
    emu.close();
  }

  /** Each journal kind, reopened between runs the way a new process would open it. */
  static Stream<String> journals() {
    return Stream.of("sqlite", "memory", "postgres");
  }

  private BatchJournal memory;
  private String postgresUrl;

  private BatchJournal journal(String kind) {
    BatchJournal j;
    if (kind.equals("sqlite")) {
      opened.forEach(BatchJournal::close);
      j = BatchJournals.sqlite(dir.resolve("out/batch.db"));
      opened.add(j);
    } else if (kind.equals("postgres")) {
      opened.forEach(BatchJournal::close);
      if (postgresUrl == null) {
        postgresUrl = TestPostgres.newDatabase();
      }
      j = BatchJournals.open(postgresUrl);
      opened.add(j);
    } else {
      if (memory == null) {
        memory = BatchJournals.inMemory();
      }
      j = memory;
    }
    return j;
  }

  private static List<BatchItem> items(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> BatchItem.builder(i, "prompt number " + i).build()).toList();
  }

  private BatchRunner.Builder runner(BatchJournal journal, List<BatchItem> items) {
    return BatchRunner.builder(client, journal, items).model(ModelUri.of(TestEmulator.FOLDER))
        .outputDirectory(dir.resolve("out")).minFreeSpace(0).workerId("w1");
  }

  private static Map<Integer, ItemRecord> byLine(BatchJournal journal) {
    return journal.records().stream().collect(Collectors.toMap(ItemRecord::line, Function.identity()));
  }

  @ParameterizedTest
  @MethodSource("journals")
  void everyItemEndsDoneWithItsFileAndAManifest(String kind) throws IOException {
    BatchJournal journal = journal(kind);
    BatchResult result = runner(journal, items(12)).build().run();

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.status().count(ItemState.DONE)).isEqualTo(12);
    assertThat(emu.acceptedSubmitsByPrompt()).hasSize(12).allSatisfy((prompt, n) -> assertThat(n).isEqualTo(1));
    for (ItemRecord r : journal.records()) {
      Path file = Path.of(r.file().orElseThrow());
      assertThat(file.getParent()).isEqualTo(dir.resolve("out").toAbsolutePath());
      assertThat(file.getFileName().toString()).isEqualTo(r.line() + "-prompt-number-" + r.line() + ".jpeg");
      byte[] bytes = Files.readAllBytes(file);
      assertThat(r.sha256()).contains(ImageSink.sha256(bytes));
      assertThat(r.size()).hasValue(bytes.length);
      assertThat(r.operationId()).isPresent();
      assertThat(r.clientRequestId()).isPresent();
    }
    List<String> manifest = Files.readAllLines(dir.resolve("out/manifest.jsonl"));
    assertThat(manifest).hasSize(12);
    assertThat(manifest.get(0)).startsWith("{\"item\":1,\"prompt\":\"prompt number 1\",\"operationId\":\"")
        .contains("\"status\":\"DONE\"", "\"sha256\":\"", "\"worker\":\"w1\"");
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @ParameterizedTest
  @MethodSource("journals")
  void eachSubmitCarriesTheClientRequestIdTheJournalRecordedBeforeItLeft(String kind) {
    BatchJournal journal = journal(kind);
    runner(journal, items(5)).build().run();

    List<String> sent = emu.emulator.requests().stream().filter(r -> r.method().startsWith("POST "))
        .map(r -> r.header("x-client-request-id").orElseThrow()).toList();
    assertThat(sent).hasSize(5)
        .containsExactlyInAnyOrderElementsOf(journal.records().stream()
            .map(r -> r.clientRequestId().orElseThrow()).toList());
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aStoppedRunResumesWithoutSubmittingAnythingTwice(String kind) {
    // many more items than the five that stop the run: submits cannot all leave before five are done
    List<BatchItem> items = items(100);
    AtomicInteger done = new AtomicInteger();
    BatchRunner[] first = new BatchRunner[1];
    first[0] = runner(journal(kind), items).maxSubmitting(2).listener(new BatchListener() {
      @Override
      public void onItem(ItemRecord record) {
        if (done.incrementAndGet() == 5) {
          first[0].stop();
        }
      }
    }).build();
    BatchResult stopped = first[0].run();
    assertThat(stopped.exitCode()).isEqualTo(3);
    assertThat(stopped.status().count(ItemState.DONE)).isBetween(5, 99);
    assertThat(stopped.status().count(ItemState.SUBMITTING)).isZero();
    int sentBefore = emu.submits().size();
    assertThat(sentBefore).isLessThan(100);

    BatchResult resumed = runner(journal(kind), items).build().run();
    assertThat(resumed.exitCode()).isEqualTo(0);
    assertThat(resumed.status().count(ItemState.DONE)).isEqualTo(100);
    assertThat(emu.acceptedSubmitsByPrompt()).hasSize(100).allSatisfy((prompt, n) -> assertThat(n).isEqualTo(1));
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aSubmitWhoseReplyIsLostStaysAmbiguousUntilTheUserOptsIn(String kind) {
    List<BatchItem> items = items(3);
    emu.emulator.faults().dropNextConnections(1);
    BatchResult first = runner(journal(kind), items).maxSubmitting(1).build().run();

    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.status().count(ItemState.AMBIGUOUS)).isEqualTo(1);
    assertThat(first.status().count(ItemState.DONE)).isEqualTo(2);
    ItemRecord ambiguous = byLine(journal(kind)).get(1);
    assertThat(ambiguous.state()).isEqualTo(ItemState.AMBIGUOUS);
    assertThat(ambiguous.operationId()).isEmpty();
    // The emulator did start it: the reply was lost, not the request.
    assertThat(emu.acceptedSubmitsByPrompt()).containsEntry("prompt number 1", 1);

    BatchResult again = runner(journal(kind), items).build().run();
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.status().count(ItemState.AMBIGUOUS)).isEqualTo(1);
    assertThat(emu.acceptedSubmitsByPrompt()).containsEntry("prompt number 1", 1);

    BatchResult optedIn = runner(journal(kind), items).resubmitAmbiguous(true).build().run();
    assertThat(optedIn.exitCode()).isEqualTo(0);
    assertThat(emu.acceptedSubmitsByPrompt()).containsEntry("prompt number 1", 2)
        .containsEntry("prompt number 2", 1).containsEntry("prompt number 3", 1);
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aJournalOfAnotherBatchIsRefusedBeforeAnythingIsSent(String kind) {
    runner(journal(kind), items(2)).build().run();
    int sent = emu.submits().size();
    List<BatchItem> other = List.of(BatchItem.builder(1, "something else").build());
    assertThatThrownBy(() -> runner(journal(kind), other).source("other.txt").build().run())
        .isInstanceOf(JournalException.class).hasMessageContaining("holds another batch")
        .hasMessageContaining("2 items from items");
    assertThat(emu.submits()).hasSize(sent);
  }

  @ParameterizedTest
  @MethodSource("journals")
  void failedAndCancelledOperationsAreRecordedWithTheirCodes(String kind) {
    emu.store.scriptFor(r -> r.messages().get(0).text().endsWith(" 2"),
        Outcome.failAfterReads(0, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "the prompt breaks the rules")));
    emu.store.scriptFor(r -> r.messages().get(0).text().endsWith(" 3"), Outcome.cancelAfterReads(0));
    BatchJournal journal = journal(kind);
    BatchResult result = runner(journal, items(3)).build().run();

    assertThat(result.exitCode()).isEqualTo(1);
    Map<Integer, ItemRecord> records = byLine(journal);
    assertThat(records.get(1).state()).isEqualTo(ItemState.DONE);
    assertThat(records.get(2).state()).isEqualTo(ItemState.FAILED);
    assertThat(records.get(2).errorCode()).contains("INVALID_ARGUMENT");
    assertThat(records.get(2).errorMessage()).contains("the prompt breaks the rules");
    assertThat(records.get(3).state()).isEqualTo(ItemState.CANCELLED);
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aDoneItemWhoseFileWasDeletedIsFetchedAgainByIdNotRegenerated(String kind) throws IOException {
    List<BatchItem> items = items(2);
    runner(journal(kind), items).build().run();
    Path file = Path.of(byLine(journal(kind)).get(2).file().orElseThrow());
    byte[] before = Files.readAllBytes(file);
    Files.delete(file);

    List<String> warnings = new ArrayList<>();
    BatchResult result = runner(journal(kind), items).listener(new BatchListener() {
      @Override
      public void onWarning(String message) {
        warnings.add(message);
      }
    }).build().run();
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(warnings).singleElement().asString().contains("fetched it again");
    assertThat(emu.submits()).hasSize(2);
  }

  @ParameterizedTest
  @MethodSource("journals")
  void anOutputDirectoryThatIsAFileIsAClearErrorAndNothingIsSent(String kind) throws IOException {
    Path notADir = Files.writeString(dir.resolve("images"), "x");
    assertThatThrownBy(() -> runner(journal(kind), items(2)).outputDirectory(notADir).build().run())
        .isInstanceOf(BatchOutputException.class).hasMessageContaining("cannot write images in")
        .hasMessageContaining("nothing was submitted");
    assertThat(emu.store.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aReadOnlyOutputDirectoryIsAClearErrorAndNothingIsSent(String kind) {
    // Simulated: the build runs as root, whom permission bits do not stop.
    ImageSink readOnly = new ImageSink() {
      @Override
      public Written write(Path directory, String stem, GeneratedImage image) throws IOException {
        throw new AccessDeniedException(directory.toString());
      }

      @Override
      public void probe(Path directory) throws IOException {
        throw new AccessDeniedException(directory.toString());
      }
    };
    assertThatThrownBy(() -> runner(journal(kind), items(2)).sink(readOnly).build().run())
        .isInstanceOf(BatchOutputException.class).hasMessageContaining("AccessDeniedException");
    assertThat(emu.store.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("journals")
  void tooLittleFreeSpaceIsAClearErrorAndNothingIsSent(String kind) {
    assertThatThrownBy(() -> runner(journal(kind), items(2)).minFreeSpace(Long.MAX_VALUE).build().run())
        .isInstanceOf(BatchOutputException.class).hasMessageContaining("MiB free in");
    assertThat(emu.store.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("journals")
  void aFullDiskStopsTheRunWithoutLosingWhatWasPaidFor(String kind) {
    AtomicInteger writes = new AtomicInteger();
    ImageSink fillsUp = (directory, stem, image) -> {
      if (writes.incrementAndGet() > 2) {
        throw new IOException("No space left on device");
      }
      return ImageSink.FILES.write(directory, stem, image);
    };
    List<BatchItem> items = items(8);
    BatchResult full = runner(journal(kind), items).maxSubmitting(1).maxInFlight(1).sink(fillsUp).build().run();

    assertThat(full.exitCode()).isEqualTo(4);
    assertThat(full.callFailure()).get().asString().contains("No space left on device").contains("SUBMITTED");
    assertThat(full.status().count(ItemState.DONE)).isEqualTo(2);
    assertThat(full.status().count(ItemState.SUBMITTED)).isEqualTo(1);
    int paid = emu.submits().size();
    assertThat(paid).isEqualTo(3);

    BatchResult resumed = runner(journal(kind), items).build().run();
    assertThat(resumed.exitCode()).isEqualTo(0);
    assertThat(emu.acceptedSubmitsByPrompt()).hasSize(8).allSatisfy((prompt, n) -> assertThat(n).isEqualTo(1));
  }
}
