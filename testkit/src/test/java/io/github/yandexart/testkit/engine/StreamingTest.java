package io.github.yandexart.testkit.engine;

import static io.github.yandexart.testkit.engine.EngineFixture.NO_JITTER;
import static io.github.yandexart.testkit.engine.EngineFixture.SHARED_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generateTo / awaitTo: the image goes to a file or stream, atomically, whatever the transport does. */
class StreamingTest {
  private final EngineFixture f = new EngineFixture();
  @TempDir Path dir;

  @Test
  void generateToAFileWritesTheImageAtomicallyAndReturnsAStreamedImage() throws IOException {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(2).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    Path file = dir.resolve("cat.jpeg");

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), file);
    f.runUntilDone(written, Duration.ofMinutes(1));

    GeneratedImage image = written.join();
    assertThat(Files.readAllBytes(file)).isEqualTo(SHARED_IMAGE.bytes());
    assertThat(image.isStreamed()).isTrue();
    assertThat(image.size()).isEqualTo(SHARED_IMAGE.size());
    assertThat(image.mimeType()).isEqualTo(SHARED_IMAGE.mimeType());
    assertThat(image.operationId()).contains(f.onlyOperationId());
    assertThat(files()).as("no temp file left").containsExactly("cat.jpeg");
  }

  @Test
  void theTargetIsReplacedOnlyOnceTheWholeImageIsThere() throws IOException {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(3).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    Path file = Files.writeString(dir.resolve("cat.jpeg"), "the old picture");

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), file);
    f.time.advanceUntil(() -> f.store.calls().size() >= 2, Duration.ofMinutes(1)); // submit and one read
    assertThat(Files.readString(file)).isEqualTo("the old picture");
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(Files.readAllBytes(file)).isEqualTo(SHARED_IMAGE.bytes());
  }

  @Test
  void aReadThatFailsHalfwayLeavesNoPartialFileAndTheRetryWritesTheWholeImage() throws IOException {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    AtomicInteger streamedReads = new AtomicInteger();
    YandexArtClient client = f.client(halfThenFine(streamedReads), NO_JITTER);
    Path file = dir.resolve("cat.jpeg");

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), file);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(written.join().size()).isEqualTo(SHARED_IMAGE.size());
    assertThat(streamedReads).as("the first streamed read failed halfway").hasValue(2);
    assertThat(Files.readAllBytes(file)).isEqualTo(SHARED_IMAGE.bytes());
    assertThat(files()).containsExactly("cat.jpeg");
  }

  @Test
  void aStreamCannotBeRewoundSoAReadThatFailedHalfwayEndsTheCall() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(halfThenFine(new AtomicInteger()), NO_JITTER);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), out);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(EngineFixture.failure(written)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot be rewound").hasMessageContaining(f.onlyOperationId());
    assertThat(out.size()).as("only the first half, never a second image after it")
        .isEqualTo(SHARED_IMAGE.size() / 2);
  }

  @Test
  void generateToAStreamWritesTheImageAndLeavesTheStreamOpen() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    boolean[] closed = {false};
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), out);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(out.toByteArray()).isEqualTo(SHARED_IMAGE.bytes());
    assertThat(closed[0]).isFalse();
  }

  @Test
  void aTransportThatIgnoresTheSinkStillStreamsThroughTheClient() throws IOException {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    List<Boolean> heldImages = new java.util.concurrent.CopyOnWriteArrayList<>();
    YandexArtClient client = f.client(new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        CallOptions withoutSink = options.timeout().map(CallOptions::timeout).orElse(CallOptions.defaults());
        return delegate.getOperation(operationId, withoutSink).whenComplete((op, e) ->
            op.image().ifPresent(i -> heldImages.add(!i.isStreamed())));
      }
    }, NO_JITTER);
    Path file = dir.resolve("cat.jpeg");

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), file);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(heldImages).as("the transport returned the bytes").containsExactly(true);
    assertThat(written.join().isStreamed()).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(SHARED_IMAGE.bytes());
  }

  @Test
  void aFailedOperationWritesNoFile() throws IOException {
    f.store.enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, "no")));
    YandexArtClient client = f.client(NO_JITTER);
    Path file = dir.resolve("cat.jpeg");

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), file);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(EngineFixture.failure(written)).isInstanceOf(OperationFailedException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void aSinkThatCannotOpenEndsTheWaitWithoutRetrying() {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(1).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    ImageSink full = (id, mime) -> {
      throw new IOException("disk full");
    };

    CompletableFuture<GeneratedImage> written = client.generateToAsync(EngineFixture.request("cat"), full,
        io.github.yandexart.WaitListener.NONE);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(EngineFixture.failure(written)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
    assertThat(f.store.reads(f.onlyOperationId())).isEqualTo(1);
  }

  @Test
  void awaitToResumesByIdIntoAFile() throws IOException {
    f.store.enqueueOutcome(Outcome.succeedAfterReads(2).withImage(SHARED_IMAGE));
    YandexArtClient client = f.client(NO_JITTER);
    CompletableFuture<Operation> submitted = client.submitAsync(EngineFixture.request("cat"));
    f.runUntilDone(submitted, Duration.ofMinutes(1));
    Path file = dir.resolve("later.jpeg");

    CompletableFuture<GeneratedImage> written = client.awaitToAsync(submitted.join().id(), file);
    f.runUntilDone(written, Duration.ofMinutes(1));

    assertThat(Files.readAllBytes(file)).isEqualTo(SHARED_IMAGE.bytes());
    assertThat(written.join().operationId()).contains(submitted.join().id());
  }

  /**
   * A transport whose first streamed read of a finished operation writes half the image and then
   * loses the connection (UNAVAILABLE, retryable); later reads stream normally.
   */
  private EngineFixture.Delegating halfThenFine(AtomicInteger streamedReads) {
    return new EngineFixture.Delegating(f.fake) {
      @Override
      public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
        CallOptions held = options.timeout().map(CallOptions::timeout).orElse(CallOptions.defaults());
        return delegate.getOperation(operationId, held).thenApply(op -> {
          if (op.image().isEmpty() || options.imageSink().isEmpty()) {
            return op;
          }
          byte[] bytes = op.image().get().bytes();
          if (streamedReads.incrementAndGet() == 1) {
            try (OutputStream out = options.imageSink().get().open(operationId, op.image().get().mimeType())) {
              out.write(bytes, 0, bytes.length / 2);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            throw ApiCallException.builder(StatusCode.UNAVAILABLE, ApiCallException.Origin.TRANSPORT)
                .message("connection reset while reading the body").build();
          }
          return io.github.yandexart.spi.ImageSinkWriter.deliver(op, options);
        });
      }
    };
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
