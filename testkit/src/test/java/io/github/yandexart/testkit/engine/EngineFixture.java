package io.github.yandexart.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.ImageRenderer;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.RecordedCall;
import io.github.yandexart.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A client over the fake, all on one virtual clock: the store stamps calls with the scheduler's time. */
final class EngineFixture {
  /** The default policy without jitter, so read times are exact. */
  static final WaitPolicy NO_JITTER = WaitPolicy.builder().jitter(0).build();

  /** One small image rendered once, for tests with many operations: rendering each would be slow. */
  static final GeneratedImage SHARED_IMAGE = ImageRenderer.small().render(request("shared"));

  final VirtualScheduler time = new VirtualScheduler();
  final Instant start = time.now();
  final InMemoryOperationStore store =
      InMemoryOperationStore.builder().clock(time.clock()).smallImages(true).build();
  final FakeImageGenerator fake = FakeImageGenerator.over(store, time);

  YandexArtClient client(WaitPolicy policy) {
    return client(fake, policy);
  }

  YandexArtClient client(ImageGenerator generator, WaitPolicy policy) {
    return YandexArtClient.builder().generator(generator).waitPolicy(policy).scheduler(time).build();
  }

  static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.of(ModelUri.of("b1gtest"), prompt);
  }

  /** Runs virtual time until {@code future} is done; fails if it is not done within {@code limit}. */
  void runUntilDone(CompletableFuture<?> future, Duration limit) {
    assertThat(time.advanceUntil(future::isDone, limit))
        .as("done within %s of virtual time", limit).isTrue();
  }

  /** Virtual time since the fixture started. */
  Duration elapsed() {
    return Duration.between(start, time.now());
  }

  List<RecordedCall> calls(RecordedCall.Kind kind) {
    List<RecordedCall> found = new ArrayList<>();
    for (RecordedCall c : store.calls()) {
      if (c.kind() == kind) {
        found.add(c);
      }
    }
    return found;
  }

  /** When each read reached the store, as time since the fixture started. */
  List<Duration> readTimes() {
    return times(RecordedCall.Kind.GET);
  }

  List<Duration> times(RecordedCall.Kind kind) {
    List<Duration> times = new ArrayList<>();
    for (RecordedCall c : calls(kind)) {
      times.add(Duration.between(start, c.at()));
    }
    return times;
  }

  /** The gaps between consecutive times, starting from zero. */
  static List<Duration> gaps(List<Duration> times) {
    List<Duration> gaps = new ArrayList<>();
    Duration previous = Duration.ZERO;
    for (Duration t : times) {
      gaps.add(t.minus(previous));
      previous = t;
    }
    return gaps;
  }

  static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  /** The exception {@code future} failed with. */
  static Throwable failure(CompletableFuture<?> future) {
    assertThat(future).isDone();
    try {
      future.join();
    } catch (CompletionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
    }
    throw new AssertionError("the future succeeded with " + future.join());
  }

  /** The id of the only operation the store has. */
  String onlyOperationId() {
    assertThat(store.operationIds()).hasSize(1);
    return store.operationIds().get(0);
  }

  /**
   * What a transport does with a call the server never answers: fails it with DEADLINE_EXCEEDED
   * (origin TRANSPORT: it was sent) when its {@link CallOptions#timeout()} runs out, on virtual time.
   * Records each timeout it was given in {@link #timeouts}.
   */
  CompletableFuture<Operation> unanswered(CallOptions options) {
    Duration timeout = options.timeout().orElseThrow(() -> new AssertionError("the engine gave no call timeout"));
    timeouts.add(timeout);
    CompletableFuture<Operation> call = new CompletableFuture<>();
    time.schedule(() -> call.completeExceptionally(
        ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, ApiCallException.Origin.TRANSPORT)
            .message("no answer within " + timeout).build()), timeout);
    return call;
  }

  /** The call timeouts {@link #unanswered} was given, in order. */
  final List<Duration> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A generator that passes every call to another; tests override what they need to change. */
  static class Delegating implements ImageGenerator {
    final ImageGenerator delegate;

    Delegating(ImageGenerator delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
      return delegate.submit(request, options);
    }

    @Override
    public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
      return delegate.getOperation(operationId, options);
    }

    @Override
    public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
      return delegate.cancelOperation(operationId, options);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
