package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.Outcome;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Big replies: decoded intact when allowed, refused cleanly when over the configured limit. */
class RestLargeImageTest {
  private static final byte[] IMAGE = image(16 << 20);
  private static YandexArtEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = TestSupport.startEmulator();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static byte[] image(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 131 + (i >>> 13));
    }
    b[0] = (byte) 0xff;
    b[1] = (byte) 0xd8;
    b[2] = (byte) 0xff;
    return b;
  }

  @Test
  void aSixteenMebibyteImageArrivesIntact() {
    emulator.reset();
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.wrap(IMAGE.clone(), "art-2.1")));
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(config(emulator.restEndpoint()).build())) {
      String id = result(generator.submit(request("a very large cat"))).id();

      Operation done = result(generator.getOperation(id));

      GeneratedImage image = done.image().orElseThrow();
      assertThat(image.size()).isEqualTo(IMAGE.length);
      assertThat(Arrays.equals(image.bytes(), IMAGE)).as("the decoded bytes equal the served ones").isTrue();
      assertThat(image.mimeType()).isEqualTo("image/jpeg");
      assertThat(image.modelVersion()).contains("art-2.1");
    }
  }

  @Test
  void aReplyOverTheConfiguredMaximumFailsClearly() {
    emulator.reset();
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.wrap(IMAGE.clone(), null)));
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(
        config(emulator.restEndpoint()).maxResponseSize(4 << 20).build())) {
      String id = result(generator.submit(request("a very large cat"))).id();

      ApiCallException e = failure(generator.getOperation(id));

      assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
      assertThat(e.isPermanent()).isTrue();
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.operationId()).contains(id);
      assertThat(e.getMessage()).contains("4194304 bytes", "maxResponseSize");

      // The connection that was cut does not poison the next call.
      emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1));
      String small = result(generator.submit(request("a small cat"))).id();
      assertThat(result(generator.getOperation(small)).image()).isPresent();
    }
  }
}
