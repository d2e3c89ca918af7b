package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperationTest {
  private static final GeneratedImage IMAGE = GeneratedImage.of(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1}, "v1");

  @Test
  void theDocumentedFirstReplyHasEmptyOptionalsForItsNulls() {
    // {"id":"fbveu1sntj**********","description":"","createdAt":null,"createdBy":"","modifiedAt":null,"done":false}
    Operation op = Operation.builder("fbveu1sntj").description(null).createdAt(null).createdBy(null)
        .modifiedAt(null).build();
    assertThat(op.id()).isEqualTo("fbveu1sntj");
    assertThat(op.description()).isEmpty();
    assertThat(op.createdBy()).isEmpty();
    assertThat(op.createdAt()).isEmpty();
    assertThat(op.modifiedAt()).isEmpty();
    assertThat(op.done()).isFalse();
    assertThat(op.error()).isEmpty();
    assertThat(op.image()).isEmpty();
    assertThat(op.pollInterval()).isEmpty();
    assertThat(op.state()).isEqualTo("RUNNING");
  }

  @Test
  void anOperationNeedsAnId() {
    assertThatThrownBy(() -> Operation.builder("").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("operation has no id");
    assertThatThrownBy(() -> Operation.builder(null).build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorAndImageExcludeEachOther() {
    OperationStatus failure = OperationStatus.of(StatusCode.INTERNAL, "boom");
    Operation failed = Operation.builder("op").done(true).image(IMAGE).error(failure).build();
    assertThat(failed.image()).isEmpty();
    assertThat(failed.error()).hasValue(failure);
    Operation succeeded = Operation.builder("op").done(true).error(failure).image(IMAGE).build();
    assertThat(succeeded.error()).isEmpty();
    assertThat(succeeded.image()).hasValue(IMAGE);
  }

  @Test
  void stateNamesEachKindOfEnding() {
    assertThat(Operation.builder("a").done(true).image(IMAGE).build().state()).isEqualTo("DONE");
    assertThat(Operation.builder("a").done(true).error(OperationStatus.of(StatusCode.CANCELLED, "")).build()
        .state()).isEqualTo("CANCELLED");
    assertThat(Operation.builder("a").done(true).error(OperationStatus.of(StatusCode.INTERNAL, "")).build()
        .state()).isEqualTo("FAILED");
    assertThat(Operation.builder("a").done(false).error(OperationStatus.of(StatusCode.INTERNAL, "")).build()
        .state()).as("an error before done is a failure").isEqualTo("FAILED");
  }

  @Test
  void toBuilderCopiesEveryField() {
    Operation op = Operation.builder("op").description("d").createdAt(Instant.EPOCH).createdBy("sa")
        .modifiedAt(Instant.EPOCH.plusSeconds(1)).done(true).image(IMAGE)
        .pollInterval(Duration.ofSeconds(2)).build();
    Operation copy = op.toBuilder().build();
    assertThat(copy).isEqualTo(op).hasSameHashCodeAs(op);
    assertThat(copy.description()).isEqualTo("d");
    assertThat(copy.createdBy()).isEqualTo("sa");
    assertThat(copy.createdAt()).hasValue(Instant.EPOCH);
    assertThat(copy.modifiedAt()).hasValue(Instant.EPOCH.plusSeconds(1));
    assertThat(copy.pollInterval()).hasValue(Duration.ofSeconds(2));
  }

  @Test
  void operationsDifferingInAnyFieldAreNotEqual() {
    Operation op = Operation.builder("op").description("d").createdAt(Instant.EPOCH).createdBy("sa").build();
    assertThat(op).isNotEqualTo(Operation.builder("op2").description("d").createdAt(Instant.EPOCH).createdBy("sa").build());
    assertThat(op).isNotEqualTo(op.toBuilder().description("e").build());
    assertThat(op).isNotEqualTo(op.toBuilder().createdAt(null).build());
    assertThat(op).isNotEqualTo(op.toBuilder().createdBy("x").build());
    assertThat(op).isNotEqualTo(op.toBuilder().modifiedAt(Instant.EPOCH).build());
    assertThat(op).isNotEqualTo(op.toBuilder().done(true).build());
    assertThat(op).isNotEqualTo(op.toBuilder().error(OperationStatus.of(StatusCode.INTERNAL, "")).build());
    assertThat(op).isNotEqualTo(op.toBuilder().pollInterval(Duration.ofSeconds(1)).build());
  }

  @Test
  void toStringShowsIdAndStateButNeverImageBytes() {
    Operation op = Operation.builder("op42").done(true).image(IMAGE).build();
    assertThat(op.toString()).contains("op42", "DONE", "4 bytes");
  }
}
