package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Closing and cancelling: bounded, nothing left running, nothing hanging. */
class RestLifecycleTest {

  private static Set<Thread> restThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yandexart-rest-"))
        .collect(Collectors.toSet());
  }

  @Test
  void callsAfterCloseFailWithoutSending() {
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\"}")) {
      ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build());
      generator.close();

      assertThat(generator.submit(request("a red cat"))).failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("closed")
          .withMessageContaining("nothing was sent");
      assertThat(server.requests()).isEmpty();
      generator.close();
    }
  }

  @Test
  void closeEndsACallInFlightPromptly() throws InterruptedException {
    try (RawServer server = RawServer.silent()) {
      ImageGenerator generator = new RestImageGeneratorProvider().create(
          config(server.endpoint(), Duration.ofSeconds(60)).build());
      CompletableFuture<Operation> pending = generator.submit(request("a red cat"));
      assertThat(server.awaitRequest()).isTrue();

      long start = System.nanoTime();
      generator.close();
      ApiCallException e = failure(pending);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.code()).isEqualTo(StatusCode.CANCELLED);
      assertThat(e.origin()).isEqualTo(Origin.TRANSPORT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
    }
  }

  @Test
  void cancellingTheFutureAbortsTheExchange() throws InterruptedException {
    try (RawServer server = RawServer.silent();
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint(), Duration.ofSeconds(60)).build())) {
      CompletableFuture<Operation> pending = generator.getOperation("op1");
      assertThat(server.awaitRequest()).isTrue();

      pending.cancel(true);

      assertThat(server.awaitDisconnect()).as("the client hung up").isTrue();
    }
  }

  @Test
  void closeStopsTheGeneratorsThreads() throws InterruptedException {
    Set<Thread> before = restThreads();
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\"}")) {
      ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint()).build());
      TestSupport.result(generator.getOperation("op1"));
      Set<Thread> mine = new HashSet<>(restThreads());
      mine.removeAll(before);
      assertThat(mine).isNotEmpty();

      generator.close();

      for (Thread t : mine) {
        t.join(5_000);
        assertThat(t.isAlive()).as(t.getName() + " still runs").isFalse();
      }
    }
  }
}
