package io.github.yandexart.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.emulator.EmulatorFaults;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request log of an emulator left running keeps the recent past, not everything. */
class EmulatorContextTest {
  private final EmulatorContext context =
      new EmulatorContext(InMemoryOperationStore.builder().build(), new EmulatorFaults(), false);

  private static RecordedRequest request(int n, String body) {
    return new RecordedRequest(RecordedRequest.Protocol.REST, "GET /operations/" + n,
        Map.of("x-n", List.of(Integer.toString(n))), body);
  }

  @Test
  void keepsTheMostRecentRequestsOldestFirst() {
    int max = YandexArtEmulator.MAX_RECORDED_REQUESTS;
    for (int n = 0; n < max + 5; n++) {
      context.record(request(n, "{}"));
    }

    List<RecordedRequest> kept = context.requests();
    assertThat(kept).hasSize(max);
    assertThat(kept.get(0).method()).isEqualTo("GET /operations/5");
    assertThat(kept.get(max - 1).method()).isEqualTo("GET /operations/" + (max + 4));
  }

  @Test
  void dropsTheOldestBodiesOnceTheyAddUpToTooMuchButAlwaysKeepsTheNewest() {
    String third = "x".repeat((int) (YandexArtEmulator.MAX_RECORDED_BODY_CHARS / 3) + 1);
    context.record(request(1, third));
    context.record(request(2, third));
    assertThat(context.requests()).extracting(RecordedRequest::method)
        .containsExactly("GET /operations/1", "GET /operations/2");

    context.record(request(3, third));
    assertThat(context.requests()).extracting(RecordedRequest::method)
        .containsExactly("GET /operations/2", "GET /operations/3");

    String tooBig = "y".repeat((int) YandexArtEmulator.MAX_RECORDED_BODY_CHARS + 1);
    context.record(request(4, tooBig));
    assertThat(context.requests()).extracting(RecordedRequest::method).containsExactly("GET /operations/4");
  }

  @Test
  void clearingForgetsTheBodiesCountedSoFar() {
    String half = "x".repeat((int) (YandexArtEmulator.MAX_RECORDED_BODY_CHARS / 2));
    context.record(request(1, half));
    context.clearRequests();

    context.record(request(2, half));
    context.record(request(3, half));
    assertThat(context.requests()).extracting(RecordedRequest::method)
        .containsExactly("GET /operations/2", "GET /operations/3");
  }
}
