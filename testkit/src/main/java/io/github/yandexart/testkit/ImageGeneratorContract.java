package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ImageGenerator} must show, as an abstract JUnit 5 suite. A transport's
 * test extends it and supplies a generator talking to the emulator over a real socket, plus the
 * {@link InMemoryOperationStore} behind that emulator (to script outcomes); the fake passes it in
 * memory.
 *
 * <pre>{@code
 * class RestContractTest extends ImageGeneratorContract {
 *   @RegisterExtension static EmulatorExtension emulator = ...;
 *   protected ImageGenerator generator() { return restGenerator; }
 *   protected InMemoryOperationStore store() { return emulator.store(); }
 * }
 * }</pre>
 *
 * <p>Each test resets the store's scripts through {@link #store()} first, so the store may be shared.
 */
public abstract class ImageGeneratorContract {
  /** The generator under test; called once per test, the suite does not close it. */
  protected abstract ImageGenerator generator();

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

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no answer within 30 s", e);
    }
  }

  private static ApiCallException failure(CompletableFuture<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApiCallException.class);
      return (ApiCallException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no answer within 30 s", e);
    }
    throw new AssertionError("the call succeeded but should have failed");
  }

  @Test
  public void submitThenReadsEndWithTheImage() {
    store().reset();
    store().enqueueOutcome(Outcome.succeedAfterReads(2));
    ImageGenerator generator = generator();

    Operation started = await(generator.submit(request("a red cat")));
    assertThat(started.id()).isNotBlank();
    assertThat(started.done()).isFalse();
    assertThat(started.image()).isEmpty();

    Operation first = await(generator.getOperation(started.id()));
    assertThat(first.id()).isEqualTo(started.id());
    assertThat(first.done()).isFalse();

    Operation second = await(generator.getOperation(started.id()));
    assertThat(second.done()).isTrue();
    assertThat(second.error()).isEmpty();
    GeneratedImage image = second.image().orElseThrow();
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.size()).isGreaterThan(100);
    assertThat(store().submittedRequests()).containsExactly(request("a red cat"));
  }

  @Test
  public void requestArrivesAtTheServiceUnchanged() {
    store().reset();
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gcontract"))
        .addMessage("a lighthouse at dusk", 1.0)
        .addMessage("blurry, low quality", -0.5)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(Long.MAX_VALUE).aspectRatio(AspectRatio.of(16, 9)).build())
        .build();
    await(generator().submit(request));
    assertThat(store().submittedRequests()).containsExactly(request);
  }

  @Test
  public void sameRequestGivesTheSameImage() {
    store().reset();
    store().setDefaultOutcome(Outcome.succeedAfterReads(0));
    Operation a = await(generator().submit(request("same prompt")));
    Operation b = await(generator().submit(request("same prompt")));
    Operation readA = await(generator().getOperation(a.id()));
    Operation readB = await(generator().getOperation(b.id()));
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(readA.image().orElseThrow().bytes()).isEqualTo(readB.image().orElseThrow().bytes());
  }

  @Test
  public void failedOperationCarriesTheServerStatus() {
    store().reset();
    store().enqueueOutcome(Outcome.failAfterReads(1,
        OperationStatus.of(StatusCode.INVALID_ARGUMENT, "the prompt breaks the content policy")));
    Operation started = await(generator().submit(request("something forbidden")));

    Operation done = await(generator().getOperation(started.id()));
    assertThat(done.done()).isTrue();
    assertThat(done.image()).isEmpty();
    OperationStatus error = done.error().orElseThrow();
    assertThat(error.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(error.message()).isEqualTo("the prompt breaks the content policy");
  }

  @Test
  public void cancelledOperationEndsWithCodeOne() {
    store().reset();
    store().enqueueOutcome(Outcome.neverDone());
    Operation started = await(generator().submit(request("a slow painting")));

    Operation cancelled = await(generator().cancelOperation(started.id()));
    assertThat(cancelled.id()).isEqualTo(started.id());
    Operation read = await(generator().getOperation(started.id()));
    for (Operation op : List.of(cancelled, read)) {
      assertThat(op.done()).isTrue();
      assertThat(op.error().orElseThrow().code()).isEqualTo(StatusCode.CANCELLED);
      assertThat(op.error().orElseThrow().code().number()).isEqualTo(1);
    }
  }

  @Test
  public void unknownOperationIdIsNotFound() {
    store().reset();
    ApiCallException e = failure(generator().getOperation("fbvnosuchoperation00"));
    assertThat(e.code()).isEqualTo(StatusCode.NOT_FOUND);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);

    ApiCallException c = failure(generator().cancelOperation("fbvnosuchoperation00"));
    assertThat(c.code()).isEqualTo(StatusCode.NOT_FOUND);
  }

  @Test
  public void refusedSubmitIsProvablyNotAccepted() {
    store().reset();
    store().faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, null);
    ApiCallException e = failure(generator().submit(request("too many")));
    assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(e.isProvablyNotAccepted()).isTrue();
    assertThat(store().submittedRequests()).isEmpty();
    assertThat(await(generator().submit(request("again"))).id()).isNotBlank();
  }

  @Test
  public void unavailableReadIsRetryable() {
    store().reset();
    Operation started = await(generator().submit(request("flaky")));
    store().faults().failNextReads(1, StatusCode.UNAVAILABLE);
    ApiCallException e = failure(generator().getOperation(started.id()));
    assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
    assertThat(e.isRetryableRead()).isTrue();
    assertThat(await(generator().getOperation(started.id())).id()).isEqualTo(started.id());
  }

  @Test
  public void manyConcurrentSubmitsGetDistinctOperations() {
    store().reset();
    store().setDefaultOutcome(Outcome.succeedAfterReads(1));
    ImageGenerator generator = generator();
    List<CompletableFuture<Operation>> submits = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      submits.add(generator.submit(request("cat number " + i)));
    }
    Set<String> ids = new HashSet<>();
    List<CompletableFuture<Operation>> reads = new ArrayList<>();
    for (CompletableFuture<Operation> f : submits) {
      String id = await(f).id();
      ids.add(id);
      reads.add(generator.getOperation(id));
    }
    assertThat(ids).hasSize(64);
    for (CompletableFuture<Operation> f : reads) {
      assertThat(await(f).image()).isPresent();
    }
    assertThat(store().submittedRequests()).hasSize(64);
  }

  @Test
  public void submitOfAnInvalidArgumentIsRefusedWithoutAnOperation() {
    store().reset();
    store().faults().refuseNextSubmits(1, StatusCode.INVALID_ARGUMENT, null);
    ApiCallException e = failure(generator().submit(request("refused by policy")));
    assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(e.isProvablyNotAccepted()).isFalse();
    assertThatThrownBy(() -> { throw e; }).hasMessageContaining("INVALID_ARGUMENT");
  }
}
