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
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
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

  @Test
  void aSixteenMebibyteImageStreamsIntoASinkWithLessThanEightMebibytesOfHeap() {
    emulator.reset();
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.wrap(IMAGE.clone(), "art-2.1")));
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(config(emulator.restEndpoint()).build())) {
      String id = result(generator.submit(request("a very large cat"))).id();
      long[] io = ioThreads(before);
      long allocatedBefore = allocated(io);
      Checking sink = new Checking();

      Operation done = result(generator.getOperation(id, CallOptions.defaults().withImageSink(sink)));

      long allocated = allocated(io) - allocatedBefore;
      GeneratedImage image = done.image().orElseThrow();
      assertThat(image.isStreamed()).isTrue();
      assertThat(image.size()).isEqualTo(IMAGE.length);
      assertThat(image.mimeType()).isEqualTo("image/jpeg");
      assertThat(image.operationId()).contains(id);
      assertThat(sink.opened).isEqualTo(1);
      assertThat(sink.closed).isTrue();
      assertThat(sink.written).as("bytes written into the sink, each equal to the served one").isEqualTo(IMAGE.length);
      assertThat(allocated).as("bytes the I/O threads allocated to read a 16 MiB image into a sink")
          .isLessThan(8L << 20);
    }
  }

  @Test
  void aChunkedSixteenMebibyteImageInMemoryCostsTheImageTwiceAtMost() {
    emulator.reset();
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.wrap(IMAGE.clone(), "art-2.1")));
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(config(emulator.restEndpoint()).build())) {
      String id = result(generator.submit(request("a very large cat"))).id();
      long[] io = ioThreads(before);
      long allocatedBefore = allocated(io);

      Operation done = result(generator.getOperation(id));

      long allocated = allocated(io) - allocatedBefore;
      assertThat(Arrays.equals(done.image().orElseThrow().bytes(), IMAGE)).isTrue();
      // the base64 is never held (it would be 22 MiB, in a buffer grown to 32): the image is decoded
      // into blocks as it arrives and joined once
      assertThat(allocated).as("bytes the I/O threads allocated to read a 16 MiB image sent chunked")
          .isLessThan(2L * IMAGE.length + (4L << 20));
    }
  }

  @Test
  void aSinkThatFailsFailsTheCallWithItsIOException() {
    emulator.reset();
    emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.wrap(IMAGE.clone(), "art-2.1")));
    try (ImageGenerator generator = new RestImageGeneratorProvider().create(config(emulator.restEndpoint()).build())) {
      String id = result(generator.submit(request("a very large cat"))).id();
      ImageSink full = (operationId, mimeType) -> new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          throw new IOException("No space left on device");
        }
      };

      Throwable e = org.assertj.core.api.Assertions.catchThrowable(
          () -> generator.getOperation(id, CallOptions.defaults().withImageSink(full)).get(20, java.util.concurrent.TimeUnit.SECONDS));

      assertThat(e).hasCauseInstanceOf(java.io.UncheckedIOException.class);
      assertThat(e.getCause()).hasMessageContaining("No space left on device").hasMessageContaining(id);
      // the connection that was cut does not poison the next call
      emulator.store().enqueueOutcome(Outcome.succeedAfterReads(1));
      String small = result(generator.submit(request("a small cat"))).id();
      assertThat(result(generator.getOperation(small)).image()).isPresent();
    }
  }

  /** A sink that checks each byte against the served image as it comes, holding none. */
  private static final class Checking implements ImageSink {
    int opened;
    long written;
    boolean closed;

    @Override
    public OutputStream open(String operationId, String mimeType) {
      opened++;
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          for (int i = 0; i < len; i++) {
            if (b[off + i] != IMAGE[(int) written + i]) {
              throw new AssertionError("byte " + (written + i) + " differs");
            }
          }
          written += len;
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  /** The REST I/O threads started since {@code before}. */
  private static long[] ioThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().startsWith("yandexart-rest-") && t.getName().contains("-io-"))
        .mapToLong(Thread::getId)
        .toArray();
  }

  private static long allocated(long[] threads) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return Arrays.stream(mx.getThreadAllocatedBytes(threads)).sum();
  }
}
