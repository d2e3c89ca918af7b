package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, run against the emulator; and every java block of the README is such code. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeExampleRunsABatch() throws IOException {
    Files.writeString(dir.resolve("prompts.jsonl"), "{\"prompt\":\"a red cat\",\"name\":\"cat\"}\n");
    try (TestEmulator emu = new TestEmulator()) {
      ClientConfig config = emu.config();
      Path images = dir.resolve("images");
      Path prompts = dir.resolve("prompts.jsonl");
      // README: library
      List<BatchItem> items = BatchInput.read(prompts);              // every bad line reported at once
      try (YandexArtClient client = YandexArtClient.create(config);
          BatchJournal journal = BatchJournals.sqlite(images.resolve("batch.db"))) {
        BatchResult result = BatchRunner.builder(client, journal, items)
            .model(ModelUri.of(config.folderId().orElseThrow()))
            .outputDirectory(images)
            .listener(new BatchListener() {
              @Override
              public void onItem(ItemRecord record) {
                System.out.println(record.line() + " " + record.state() + " " + record.file().orElse(""));
              }
            })
            .build()
            .run();                                                    // blocks; stop() from another thread
        System.out.println(result.status().counts() + " exit code " + result.exitCode());
      }
      // README: end
      assertThat(images.resolve("cat.jpeg")).exists();
      assertThat(images.resolve("manifest.jsonl")).exists();
    }
  }

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledCode() throws IOException {
    Pattern block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    Pattern region = Pattern.compile("// README:(?! end)[^\\n]*\\n(.*?)// README: end", Pattern.DOTALL);
    List<String> regions;
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      regions = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          Matcher m = region.matcher(Files.readString(p));
          return m.results().map(r -> normalize(r.group(1))).toList().stream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    Matcher m = block.matcher(Files.readString(Path.of("README.md")));
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String snippet = normalize(m.group(1));
      assertThat(regions).as("README java block %d:%n%s", blocks, snippet).anyMatch(r -> r.contains(snippet));
    }
    assertThat(blocks).isPositive();
  }

  private static String normalize(String code) {
    return code.lines().map(l -> l.replaceAll("\\s+//.*$", "").strip()).filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
