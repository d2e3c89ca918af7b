package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageSink;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.spi.ImageSinkWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ImageGenerator} must show, as an abstract JUnit 5 suite. A transport's
 * test extends it and supplies a generator talking to the emulator over a real socket, plus the
 * {@link InMemoryOperationStore} behind that emulator (to script outcomes and faults, and to see what
 * arrived); the fake passes it in memory. Passing it proves a transport carries requests, snapshots,
 * images, statuses, request ids and retry hints unchanged, classifies server errors as {@code
 * SERVER}, and makes exactly one request per call.
 *
 * <pre>{@code
 * class RestContractTest extends ImageGeneratorContract {
 *   static YandexArtEmulator emulator;
 *   static ImageGenerator rest;
 *
 *   @BeforeAll static void start() { ... emulator with a small-image store, rest generator ... }
 *   @AfterAll static void stop() { rest.close(); emulator.close(); }
 *
 *   protected ImageGenerator generator() { return rest; }
 *   protected ImageGenerator newGenerator() { return new RestImageGeneratorProvider().create(config); }
 *   protected InMemoryOperationStore store() { return emulator.store(); }
 * }
 * }</pre>
 *
 * <p>Each test first calls {@link InMemoryOperationStore#reset()} on {@link #store()}, so one store
 * (and one emulator) may serve the whole suite; give it small images to keep the suite fast. The
 * suite never closes {@link #generator()} and never advances a clock; the lifecycle tests close
 * generators made by {@link #newGenerator()}.
 *
 * <p>The lifecycle every generator shares: {@code close()} is idempotent and calls after it fail
 * with {@link IllegalStateException} without reaching the service; a null or blank operation id
 * throws {@link IllegalArgumentException} before anything is sent; cancelling a returned future
 * abandons the call only, never the operation, and leaves the generator usable.
 */
public abstract class ImageGeneratorContract {
  private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
  /** How long an answer may take before the contract takes it for dropped. */
  private static final Duration DROPPED_AFTER = Duration.ofSeconds(5);

  /** The generator under test; called once per test after the store is reset. */
  protected abstract ImageGenerator generator();

  /**
   * A new generator like {@link #generator()}, over the same {@link #store()}, for the lifecycle
   * tests, which close it. It is closed by the test that asked for it.
   */
  protected abstract ImageGenerator newGenerator();

  /** The store behind {@link #generator()}. */
  protected abstract InMemoryOperationStore store();

  /** A request that is valid for the fake and the emulator. */
  protected ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gcontract"))
        .addMessage(prompt)
        .options(ImageGenerationOptions.builder().seed(7).aspectRatio(AspectRatio.of(2, 1)).build())
        .build();
  }

  private ImageGenerator start() {
    store().reset();
    return generator();
  }

  @Test
  public void submitThenReadsEndWithTheImage() throws IOException {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.succeedAfterReads(2));

    Operation started = await(generator.submit(request("a red cat")));
    assertThat(started.id()).isNotBlank();
    assertThat(started.done()).isFalse();
    assertThat(started.error()).isEmpty();
    assertThat(started.image()).isEmpty();

    Operation first = await(generator.getOperation(started.id()));
    assertThat(first.id()).isEqualTo(started.id());
    assertThat(first.done()).isFalse();
    assertThat(first.image()).isEmpty();

    Operation second = await(generator.getOperation(started.id()));
    assertThat(second.id()).isEqualTo(started.id());
    assertThat(second.done()).isTrue();
    assertThat(second.error()).isEmpty();
    GeneratedImage image = second.image().orElseThrow();
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    BufferedImage decoded = ImageIO.read(image.inputStream());
    assertThat(decoded).as("the image decodes as a JPEG").isNotNull();
    assertThat((double) decoded.getWidth() / decoded.getHeight()).as("2:1 as requested").isCloseTo(2.0, offset(0.1));

    assertThat(store().submittedRequests()).containsExactly(request("a red cat"));
    assertThat(store().reads(started.id())).as("one call, one request: no retries in the generator").isEqualTo(2);
  }

  @Test
  public void imageBytesArriveUnchanged() {
    ImageGenerator generator = start();
    byte[] bytes = new byte[3 + 256 * 4 + 1];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xd8;
    bytes[2] = (byte) 0xff;
    for (int i = 3; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    store().enqueueOutcome(Outcome.succeedAfterReads(1)
        .withImage(GeneratedImage.of(bytes, "yandex-art-contract/1.0")));

    Operation started = await(generator.submit(request("every byte value")));
    GeneratedImage image = await(generator.getOperation(started.id())).image().orElseThrow();
    assertThat(image.bytes()).isEqualTo(bytes);
    assertThat(image.modelVersion()).contains("yandex-art-contract/1.0");
  }

  @Test
  public void aStreamedReadWritesExactlyTheImageBytesIntoTheSinkOnce() {
    ImageGenerator generator = start();
    byte[] bytes = new byte[3 + 256 * 64 + 5];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xd8;
    bytes[2] = (byte) 0xff;
    for (int i = 3; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    store().enqueueOutcome(Outcome.succeedAfterReads(2)
        .withImage(GeneratedImage.of(bytes, "yandex-art-contract/1.0")));
    String id = await(generator.submit(request("streamed"))).id();
    RecordingSink sink = new RecordingSink();
    CallOptions streamed = CallOptions.timeout(CALL_LIMIT).withImageSink(sink);

    Operation notDone = ImageSinkWriter.deliver(await(generator.getOperation(id, streamed)), streamed);
    assertThat(notDone.done()).isFalse();
    assertThat(sink.opens).as("a reply without an image opens no sink").isEmpty();

    // a transport may stream itself or hand over the bytes; the client then delivers them (a no-op
    // for a streamed image), so what lands in the sink is the same either way
    Operation done = ImageSinkWriter.deliver(await(generator.getOperation(id, streamed)), streamed);
    GeneratedImage image = done.image().orElseThrow();
    assertThat(sink.opens).as("opened once, for this operation, with the sniffed type")
        .containsExactly(id + " image/jpeg");
    assertThat(sink.bytes.toByteArray()).isEqualTo(bytes);
    assertThat(sink.closed).as("the sink's stream is closed when the image is written").isTrue();
    assertThat(image.isStreamed()).isTrue();
    assertThat(image.size()).isEqualTo(bytes.length);
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.modelVersion()).contains("yandex-art-contract/1.0");
    assertThat(image.operationId()).contains(id);
    assertThatThrownBy(image::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("ImageSink");
    assertThat(store().reads(id)).as("one call, one request").isEqualTo(2);
  }

  @Test
  public void aSinkThatCannotOpenFailsTheReadWithUncheckedIoException() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.succeedAfterReads(1));
    String id = await(generator.submit(request("no room"))).id();
    CallOptions streamed = CallOptions.timeout(CALL_LIMIT).withImageSink((operationId, mimeType) -> {
      throw new IOException("disk full");
    });

    CompletableFuture<Operation> read = generator.getOperation(id, streamed)
        .thenApply(op -> ImageSinkWriter.deliver(op, streamed));

    assertThat(failureOf(read)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full")
        .hasMessageContaining(id);
  }

  /** A sink that keeps what it got, and how it was opened. */
  private static final class RecordingSink implements ImageSink {
    final List<String> opens = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile boolean closed;

    @Override
    public synchronized OutputStream open(String operationId, String mimeType) {
      opens.add(operationId + " " + mimeType);
      return new FilterOutputStream(bytes) {
        @Override
        public void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  @Test
  public void requestArrivesAtTheServiceUnchanged() {
    ImageGenerator generator = start();
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gcontract"))
        .addMessage("маяк в сумерках, акварель", 0.75)
        .addMessage("a lighthouse at dusk \"in\" {braces} \\ and 🐱", 1.0)
        .addMessage("blurry, low quality", -0.5)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(Long.MAX_VALUE).aspectRatio(AspectRatio.of(16, 9)).build())
        .build();
    await(generator.submit(request));
    assertThat(store().submittedRequests()).containsExactly(request);
  }

  @Test
  public void unsetOptionsStayUnset() {
    ImageGenerator generator = start();
    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gcontract"), "a plain request");
    await(generator.submit(request));
    assertThat(store().submittedRequests()).hasSize(1);
    ImageGenerationOptions arrived = store().submittedRequests().get(0).options();
    assertThat(arrived.mimeType()).isEmpty();
    assertThat(arrived.seed()).isEmpty();
    assertThat(arrived.aspectRatio()).isEmpty();
  }

  @Test
  public void sameRequestGivesTheSameImage() {
    ImageGenerator generator = start();
    store().setDefaultOutcome(Outcome.succeedAfterReads(1));
    Operation a = await(generator.submit(request("same prompt")));
    Operation b = await(generator.submit(request("same prompt")));
    assertThat(a.id()).isNotEqualTo(b.id());
    GeneratedImage imageA = await(generator.getOperation(a.id())).image().orElseThrow();
    GeneratedImage imageB = await(generator.getOperation(b.id())).image().orElseThrow();
    assertThat(imageA.bytes()).isEqualTo(imageB.bytes());
  }

  @Test
  public void failedOperationCarriesTheServerStatus() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INTERNAL, "generation failed, try another seed")));
    Operation started = await(generator.submit(request("something difficult")));

    Operation done = await(generator.getOperation(started.id()));
    assertThat(done.id()).isEqualTo(started.id());
    assertThat(done.done()).isTrue();
    assertThat(done.image()).isEmpty();
    OperationStatus error = done.error().orElseThrow();
    assertThat(error.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(error.message()).isEqualTo("generation failed, try another seed");
  }

  @Test
  public void failureDetailsCarryTheRequestId() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.failAfterReads(1, OperationStatus.of(StatusCode.INTERNAL, "failed",
        List.of(OperationStatus.Detail.requestInfo("req-contract-42")))));
    Operation started = await(generator.submit(request("quote this to support")));

    OperationStatus error = await(generator.getOperation(started.id())).error().orElseThrow();
    assertThat(error.requestId()).contains("req-contract-42");
  }

  @Test
  public void errorBeforeDoneIsReportedAsIs() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.errorBeforeDone(1, OperationStatus.of(StatusCode.DATA_LOSS, "lost the canvas")));
    Operation started = await(generator.submit(request("half a painting")));

    Operation read = await(generator.getOperation(started.id()));
    assertThat(read.done()).isFalse();
    assertThat(read.image()).isEmpty();
    assertThat(read.error().map(OperationStatus::code)).contains(StatusCode.DATA_LOSS);
    assertThat(read.error().map(OperationStatus::message)).contains("lost the canvas");
  }

  @Test
  public void cancelledOperationEndsWithCodeOne() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.neverDone());
    Operation started = await(generator.submit(request("a slow painting")));

    Operation cancelled = await(generator.cancelOperation(started.id()));
    assertThat(cancelled.id()).isEqualTo(started.id());
    Operation read = await(generator.getOperation(started.id()));
    for (Operation op : List.of(cancelled, read)) {
      assertThat(op.done()).isTrue();
      assertThat(op.image()).isEmpty();
      assertThat(op.error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
      assertThat(op.error().orElseThrow().code().number()).isEqualTo(1);
    }
  }

  @Test
  public void cancellingAFinishedOperationChangesNothing() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.succeedAfterReads(0));
    Operation started = await(generator.submit(request("finished before the cancel")));

    Operation afterCancel = await(generator.cancelOperation(started.id()));
    assertThat(afterCancel.done()).isTrue();
    assertThat(afterCancel.error()).isEmpty();
    assertThat(afterCancel.image()).isPresent();
    assertThat(await(generator.getOperation(started.id())).image()).isPresent();
  }

  @Test
  public void theServersPollHintReachesTheClient() {
    store().reset();
    store().setPollIntervalHint(java.time.Duration.ofMillis(1500));
    store().enqueueOutcome(Outcome.succeedAfterReads(2));
    Operation started = await(generator().submit(request("a patient cat")));
    Operation running = await(generator().getOperation(started.id()));
    assertThat(running.done()).isFalse();
    assertThat(running.pollInterval()).hasValue(java.time.Duration.ofMillis(1500));
    Operation done = await(generator().getOperation(started.id()));
    assertThat(done.done()).isTrue();
  }

  @Test
  public void unknownOperationIdIsNotFound() {
    ImageGenerator generator = start();
    ApiCallException read = failure(generator.getOperation("fbvnosuchoperation00"));
    assertThat(read.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(read.origin()).isEqualTo(ApiCallException.Origin.SERVER);

    ApiCallException cancel = failure(generator.cancelOperation("fbvnosuchoperation00"));
    assertThat(cancel.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(cancel.origin()).isEqualTo(ApiCallException.Origin.SERVER);
  }

  @Test
  public void readsRightAfterSubmitMayAnswerNotFound() {
    ImageGenerator generator = start();
    store().faults().notFoundLag(1);
    Operation started = await(generator.submit(request("replicating")));

    ApiCallException lag = failure(generator.getOperation(started.id()));
    assertThat(lag.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(lag.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(await(generator.getOperation(started.id())).id()).isEqualTo(started.id());
  }

  @Test
  public void refusedSubmitIsProvablyNotAccepted() {
    ImageGenerator generator = start();
    store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, null);
    ApiCallException e = failure(generator.submit(request("too many")));
    assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(e.isProvablyNotAccepted()).isTrue();
    assertThat(store().submittedRequests()).isEmpty();

    assertThat(await(generator.submit(request("again"))).id()).isNotBlank();
    assertThat(store().submittedRequests()).containsExactly(request("again"));
  }

  @Test
  public void refusalCarriesRetryAfter() {
    ImageGenerator generator = start();
    store().faults().refuseNextSubmits(1, StatusCode.UNAVAILABLE, Duration.ofSeconds(3));
    ApiCallException e = failure(generator.submit(request("later, please")));
    assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(e.isProvablyNotAccepted()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  public void unavailableReadIsRetryable() {
    ImageGenerator generator = start();
    Operation started = await(generator.submit(request("flaky")));
    store().faults().failNextReads(1, StatusCode.UNAVAILABLE);
    ApiCallException e = failure(generator.getOperation(started.id()));
    assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(e.isRetryableRead()).isTrue();
    assertThat(await(generator.getOperation(started.id())).id()).isEqualTo(started.id());
  }

  @Test
  public void contentPolicyRefusalKeepsTheServerMessage() {
    ImageGenerator generator = start();
    String wording = "Запрос нарушает правила использования сервиса";
    store().faults().refuseNextSubmits(1, OperationStatus.of(StatusCode.INVALID_ARGUMENT, wording), null);
    ApiCallException e = failure(generator.submit(request("refused by policy")));
    assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(e.isProvablyNotAccepted()).as("only 429 and 503 prove it").isFalse();
    assertThat(e.getMessage()).contains("INVALID_ARGUMENT").contains(wording);
    assertThat(store().submittedRequests()).isEmpty();
  }

  @Test
  public void manyConcurrentSubmitsGetDistinctOperations() throws InterruptedException {
    ImageGenerator generator = start();
    store().setDefaultOutcome(Outcome.succeedAfterReads(1));
    int threads = 8;
    int perThread = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String[]>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          go.await();
          List<CompletableFuture<Operation>> submits = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            submits.add(generator.submit(request("cat " + thread + "-" + i)));
          }
          List<String[]> promptAndId = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            promptAndId.add(new String[] {"cat " + thread + "-" + i, await(submits.get(i)).id()});
          }
          return promptAndId;
        }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      List<CompletableFuture<Operation>> reads = new ArrayList<>();
      for (Future<List<String[]>> w : work) {
        for (String[] promptAndId : get(w)) {
          ids.add(promptAndId[1]);
          assertThat(store().request(promptAndId[1]).map(r -> r.messages().get(0).text()))
              .as("operation %s was created by its own submit", promptAndId[1])
              .contains(promptAndId[0]);
          reads.add(generator.getOperation(promptAndId[1]));
        }
      }
      assertThat(ids).hasSize(threads * perThread);
      for (CompletableFuture<Operation> read : reads) {
        assertThat(await(read).image()).isPresent();
      }
      assertThat(store().submittedRequests()).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }


  @Test
  public void callsAfterCloseFailWithIllegalStateExceptionAndSendNothing() {
    store().reset();
    ImageGenerator generator = newGenerator();
    String id = await(generator.submit(request("before close"))).id();
    int callsBefore = store().calls().size();

    generator.close();
    generator.close(); // idempotent

    List<CompletableFuture<Operation>> calls = new ArrayList<>();
    calls.add(callOrFailedFuture(() -> generator.submit(request("after close"))));
    calls.add(callOrFailedFuture(() -> generator.getOperation(id)));
    calls.add(callOrFailedFuture(() -> generator.cancelOperation(id, CallOptions.timeout(Duration.ofSeconds(5)))));
    for (CompletableFuture<Operation> call : calls) {
      Throwable failure = failureOf(call);
      assertThat(failure).as("a call on a closed generator is misuse").isInstanceOf(IllegalStateException.class);
      assertThat(failure.getMessage()).contains("closed");
    }
    assertThat(store().calls()).as("nothing reached the service after close").hasSize(callsBefore);
  }

  @Test
  public void nullOrBlankOperationIdsAreRefusedBeforeAnythingIsSent() {
    ImageGenerator generator = start();
    for (String id : java.util.Arrays.asList(null, "", "   ")) {
      assertThatThrownBy(() -> generator.getOperation(id)).as("getOperation(%s)", quoted(id))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> generator.cancelOperation(id)).as("cancelOperation(%s)", quoted(id))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store().calls()).isEmpty();
  }

  @Test
  public void cancellingAReturnedFutureAbandonsTheCallNotTheOperation() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.neverDone());
    String id = await(generator.submit(request("keeps running"))).id();

    CompletableFuture<Operation> read = generator.getOperation(id);
    read.cancel(true);

    assertThat(read).isDone();
    Operation later = await(generator.getOperation(id, CallOptions.timeout(CALL_LIMIT)));
    assertThat(later.done()).as("the operation runs on").isFalse();
    assertThat(store().calls()).as("no cancel reached the service")
        .noneMatch(c -> c.kind() == RecordedCall.Kind.CANCEL);
  }

  @Test
  public void aCallMadeWithAnExecutorCompletesOnIt() throws InterruptedException {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.succeedAfterReads(1));
    AtomicInteger ran = new AtomicInteger();
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "callers-executor"));
    Executor executor = task -> {
      ran.incrementAndGet();
      pool.execute(task);
    };
    String caller = Thread.currentThread().getName();
    try {
      CallOptions options = CallOptions.defaults().withExecutor(executor);
      String id = null;
      for (int call = 0; call < 3; call++) {
        int before = ran.get();
        CompletableFuture<Operation> future = call == 0 ? generator.submit(request("on my executor"), options)
            : call == 1 ? generator.getOperation(id, options) : generator.cancelOperation(id, options);
        boolean doneWhenReturned = future.isDone();
        String where = await(future.thenApply(op -> Thread.currentThread().getName()));
        if (doneWhenReturned) {
          assertThat(where).as("a future complete when returned runs a stage on the chaining thread").isEqualTo(caller);
        } else {
          assertThat(ran.get()).as("call %d completed through the executor", call).isGreaterThan(before);
          assertThat(where).as("call %d's stage ran where the executor runs tasks", call)
              .isIn("callers-executor", caller);
        }
        id = await(future).id();
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  public void anExecutorThatRefusesTheCompletionDoesNotLoseTheAnswer() {
    ImageGenerator generator = start();
    store().enqueueOutcome(Outcome.neverDone());
    CallOptions refusing = CallOptions.defaults().withExecutor(task -> {
      throw new RejectedExecutionException("shut down");
    });

    // an answer dropped would never come: wait less than CALL_LIMIT, as a loopback answer takes milliseconds
    Operation started = await(generator.submit(request("refused executor"), refusing), DROPPED_AFTER);

    assertThat(started.id()).as("the submit's answer, with its id").isNotBlank();
    assertThat(await(generator.getOperation(started.id(), refusing), DROPPED_AFTER).id()).isEqualTo(started.id());
  }

  private static String quoted(String id) {
    return id == null ? "null" : "\"" + id + "\"";
  }

  /** The future a call returned, or a failed one if it threw: a closed generator may do either. */
  private static CompletableFuture<Operation> callOrFailedFuture(
      java.util.function.Supplier<CompletableFuture<Operation>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      Object value = future.get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the call should have failed but answered " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + CALL_LIMIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    return await(future, CALL_LIMIT);
  }

  private static <T> T await(CompletableFuture<T> future, Duration limit) {
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + limit, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError) {
        throw (AssertionError) e.getCause();
      }
      throw new AssertionError("a submitting thread failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + CALL_LIMIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static ApiCallException failure(CompletableFuture<?> future) {
    Object value;
    try {
      value = future.get(CALL_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).as("futures fail only with ApiCallException").isInstanceOf(ApiCallException.class);
      return (ApiCallException) e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + CALL_LIMIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("the call should have failed but answered " + value);
  }
}
