package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A returned future completes on a callback thread, never on the event loop that reads the replies. */
class GrpcCallbackThreadTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gthreads"), "a red cat");

  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  @Test
  void aBlockingStageChainedOntoAFutureDoesNotStallTheRepliesOfOtherCalls() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      String id = await(generator.submit(REQUEST)).id();
      String[] completedOn = new String[1];

      // Run on the event loop, the inner join() would wait for a reply that the blocked loop cannot
      // read, until the call's deadline (30 s).
      CompletableFuture<Operation> nested = generator.getOperation(id).thenApply(first -> {
        completedOn[0] = Thread.currentThread().getName();
        return generator.getOperation(id).join();
      });

      assertThat(nested).succeedsWithin(Duration.ofSeconds(10));
      assertThat(completedOn[0]).startsWith(GrpcThreads.CALLBACK_PREFIX);
    }
  }
}
