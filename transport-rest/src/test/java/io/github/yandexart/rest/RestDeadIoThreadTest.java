package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageSink;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An I/O thread that dies (here of an OutOfMemoryError thrown on it by an image sink) leaves
 * HttpClient unable to connect ("I/O reactor has been shut down"): calls fail at once, permanently,
 * saying so, instead of being retried as connection failures until the budget runs out.
 */
class RestDeadIoThreadTest {
  private static final String DONE = "{\"id\":\"op1\",\"done\":true,\"response\":{\"image\":\""
      + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7})
      + "\"}}";

  @Test
  void afterAnIoThreadDiedEveryCallFailsAtOncePermanently() {
    ImageSink outOfMemory = (operationId, mimeType) -> {
      throw new OutOfMemoryError("Java heap space (thrown by the test)");
    };
    // a budget that would let connection failures be retried for ten minutes
    WaitPolicy patient = WaitPolicy.defaults().toBuilder()
        .callTimeout(Duration.ofSeconds(5)).totalBudget(Duration.ofMinutes(10)).build();
    try (RawServer server = RawServer.answering("200 OK", "application/json", DONE);
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).waitPolicy(patient).build());
        YandexArtClient client = YandexArtClient.builder().generator(generator).waitPolicy(patient).build()) {
      CompletableFuture<?> dying = generator.getOperation("op1", CallOptions.defaults().withImageSink(outOfMemory));

      ApiCallException inFlight = failure(dying);
      assertThat(inFlight.isPermanent()).isTrue();
      assertThat(inFlight.getMessage()).contains("unusable", "OutOfMemoryError");

      ApiCallException next = failure(generator.getOperation("op1"));
      assertThat(next.isPermanent()).isTrue();
      assertThat(next.origin()).isEqualTo(Origin.CLIENT);
      assertThat(next.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(next.getMessage()).contains("unusable", "nothing was sent", "make a new one");

      // the client's wait does not retry it: it fails within failure()'s 20 s, not after ten minutes
      ApiCallException waited = failure(client.awaitAsync("op1"));
      assertThat(waited.isPermanent()).isTrue();
      assertThat(waited.getMessage()).contains("unusable");
      assertThat(server.requests()).hasSize(1);
    }
  }
}
