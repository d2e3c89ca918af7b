package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationStatusTest {

  @Test
  void requestIdComesFromARequestInfoDetail() {
    OperationStatus s = OperationStatus.of(StatusCode.UNAUTHENTICATED, "bad key", List.of(
        OperationStatus.Detail.of("type.googleapis.com/google.rpc.DebugInfo", Map.of("detail", "x")),
        OperationStatus.Detail.requestInfo("req-1")));
    assertThat(s.requestId()).hasValue("req-1");
  }

  @Test
  void noRequestInfoMeansNoRequestId() {
    assertThat(OperationStatus.of(StatusCode.INTERNAL, "x").requestId()).isEmpty();
    assertThat(OperationStatus.of(StatusCode.INTERNAL, "x", List.of(
        OperationStatus.Detail.of(OperationStatus.REQUEST_INFO_TYPE, Map.of("servingData", "y")))).requestId())
        .isEmpty();
  }

  @Test
  void aNullMessageBecomesEmpty() {
    assertThat(OperationStatus.of(StatusCode.INTERNAL, null).message()).isEmpty();
    assertThat(OperationStatus.of(StatusCode.INTERNAL, null)).hasToString("INTERNAL");
    assertThat(OperationStatus.of(StatusCode.INTERNAL, "boom")).hasToString("INTERNAL: boom");
  }

  @Test
  void detailsAndTheirFieldsAreImmutableCopies() {
    List<OperationStatus.Detail> details = new ArrayList<>();
    Map<String, String> fields = new HashMap<>(Map.of("requestId", "r"));
    details.add(OperationStatus.Detail.of(OperationStatus.REQUEST_INFO_TYPE, fields));
    OperationStatus s = OperationStatus.of(StatusCode.INTERNAL, "x", details);
    details.clear();
    fields.put("requestId", "changed");
    assertThat(s.details()).hasSize(1);
    assertThat(s.requestId()).hasValue("r");
    assertThatThrownBy(() -> s.details().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.details().get(0).fields().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalStatusesHaveEqualHashCodes() {
    OperationStatus a = OperationStatus.of(StatusCode.INTERNAL, "x", List.of(OperationStatus.Detail.requestInfo("r")));
    OperationStatus b = OperationStatus.of(StatusCode.INTERNAL, "x", List.of(OperationStatus.Detail.requestInfo("r")));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(OperationStatus.of(StatusCode.INTERNAL, "x"));
    assertThat(a).isNotEqualTo(OperationStatus.of(StatusCode.UNKNOWN, "x", a.details()));
    assertThat(a).isNotEqualTo(OperationStatus.of(StatusCode.INTERNAL, "y", a.details()));
  }

  @Test
  void aHugeServerMessageAndHugeDetailFieldsAreCutWithAVisibleMarker() {
    String huge = "y".repeat(OperationStatus.MAX_MESSAGE_LENGTH + 10);
    OperationStatus s = OperationStatus.of(StatusCode.INTERNAL, huge,
        List.of(OperationStatus.Detail.of("type.googleapis.com/x", java.util.Map.of("f", huge))));
    String cut = "y".repeat(OperationStatus.MAX_MESSAGE_LENGTH) + "…[cut 10 chars]";
    assertThat(s.message()).isEqualTo(cut);
    assertThat(s.details().get(0).fields().get("f")).isEqualTo(cut);
    String exact = "z".repeat(OperationStatus.MAX_MESSAGE_LENGTH);
    assertThat(OperationStatus.of(StatusCode.INTERNAL, exact).message()).as("at the cap: kept whole").isEqualTo(exact);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "a".repeat(OperationStatus.MAX_MESSAGE_LENGTH - 1) + "\uD83D\uDE00" + "tail";
    String message = OperationStatus.of(StatusCode.INTERNAL, text).message();
    assertThat(message).startsWith("a".repeat(OperationStatus.MAX_MESSAGE_LENGTH - 1) + "…[cut ");
  }
}
