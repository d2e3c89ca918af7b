package io.github.yandexart.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.AspectRatio;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchInputTest {
  private static List<BatchItem> read(String text) throws IOException {
    return BatchInput.read("prompts", new StringReader(text));
  }

  private static BatchInputException errors(String text) {
    try {
      read(text);
    } catch (BatchInputException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for " + text);
  }

  @Test
  void plainTextSkipsBlankLinesAndCommentsAndKeepsLineNumbers() throws IOException {
    List<BatchItem> items = read("# catalogue\n\na red cat\n  a blue dog  \n# done\n");
    assertThat(items).extracting(BatchItem::line).containsExactly(3, 4);
    assertThat(items).extracting(BatchItem::prompt).containsExactly("a red cat", "a blue dog");
    assertThat(items.get(0).stem()).isEqualTo("3-a-red-cat");
  }

  @Test
  void jsonLinesCarryEveryField() throws IOException {
    List<BatchItem> items = read("{\"prompt\":\"a red cat\",\"negative\":[\"dogs\",\"rain\"],\"seed\":42,"
        + "\"aspectRatio\":\"16:9\",\"mimeType\":\"image/png\",\"name\":\"cat-01\"}\n"
        + "\n{\"prompt\":\"a boat\",\"negative\":\"waves\"}\n");
    BatchItem cat = items.get(0);
    assertThat(cat.negatives()).containsExactly("dogs", "rain");
    assertThat(cat.seed()).hasValue(42);
    assertThat(cat.aspectRatio()).contains(AspectRatio.of(16, 9));
    assertThat(cat.mimeType()).contains("image/png");
    assertThat(cat.stem()).isEqualTo("cat-01");
    assertThat(cat.request(io.github.yandexart.ModelUri.of("f")).messages()).hasSize(3);
    assertThat(items.get(1).line()).isEqualTo(3);
    assertThat(items.get(1).negatives()).containsExactly("waves");
  }

  @Test
  void everyBadLineIsReportedWithItsNumberAndNoItemIsReturned() {
    BatchInputException e = errors("{\"prompt\":\"ok\"}\n"
        + "{\"prompt\":\"a\",\"seed\":-1}\n"
        + "{\"promt\":\"typo\"}\n"
        + "{\"prompt\":\"b\",\"aspectRatio\":\"wide\"}\n"
        + "not json\n"
        + "{\"seed\":1}\n"
        + "{\"prompt\":\"c\",\"name\":\"../etc/passwd\"}\n"
        + "{\"prompt\":\"d\",\"name\":\"ok\"}\n"
        + "{\"prompt\":\"e\",\"name\":\"ok\"}\n"
        + "{\"prompt\":\"\"}\n");
    assertThat(e.errors()).extracting(BatchInputException.LineError::line).containsExactly(2, 3, 4, 5, 6, 7, 9, 10);
    assertThat(e.errors().get(1).message()).contains("unknown field \"promt\"");
    assertThat(e.errors().get(3).message()).contains("not valid JSON");
    assertThat(e.errors().get(4).message()).contains("prompt").contains("missing");
    assertThat(e.errors().get(5).message()).contains("not a plain file name");
    assertThat(e.getMessage()).contains("prompts:9: name \"ok\" is already used on line 8");
  }

  @Test
  void aFileWithNoItemsIsAnError() {
    assertThat(errors("# nothing\n\n").getMessage()).contains("no items");
  }

  @Test
  void aTooLongPromptIsReportedOnItsLine() {
    BatchInputException e = errors("fine\n" + "x".repeat(501) + "\n");
    assertThat(e.errors()).extracting(BatchInputException.LineError::line).containsExactly(2);
  }

  @Test
  void theBatchIdChangesWithAnyItem() throws IOException {
    String a = BatchInput.batchId(read("a red cat\na blue dog\n"));
    assertThat(BatchInput.batchId(read("a red cat\na blue dog\n"))).isEqualTo(a);
    assertThat(BatchInput.batchId(read("a red cat\na blue dot\n"))).isNotEqualTo(a);
    assertThat(BatchInput.batchId(read("\na red cat\na blue dog\n"))).isNotEqualTo(a);
  }

  @Test
  void namesAreNeverPaths() {
    assertThatThrownBy(() -> BatchItem.builder(1, "p").name("a/b").build()).hasMessageContaining("plain file name");
    assertThatThrownBy(() -> BatchItem.builder(1, "p").name("..").build()).hasMessageContaining("plain file name");
    assertThat(BatchItem.builder(7, "¡¿!").build().stem()).isEqualTo("7");
  }
}
