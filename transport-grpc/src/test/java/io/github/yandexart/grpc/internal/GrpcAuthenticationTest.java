package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.callTimeout;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UNAUTHENTICATED answers, renewed credentials, and credentials that fail. */
class GrpcAuthenticationTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gauth"), "a red cat");

  private ScriptedServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A server that accepts only {@code accepted} and refuses anything else as UNAUTHENTICATED. */
  private ScriptedServer acceptingOnly(String accepted) {
    server = ScriptedServer.start(call -> {
      if (accepted.equals(call.header("authorization"))) {
        call.reply(io.github.yandexart.proto.operation.Operation.newBuilder().setId("op-1").build());
      } else {
        call.fail(Status.UNAUTHENTICATED.withDescription("The token has expired"),
            ScriptedServer.metadata("x-request-id", "refused-" + server.received().size()));
      }
    });
    return server;
  }

  @Test
  void unauthenticatedAnswerRenewsTheCredentialsAndRepeatsTheCallOnce() {
    RotatingToken credentials = new RotatingToken(n -> "t1.token-" + n);
    acceptingOnly("Bearer t1.token-2");

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(
        config(server.endpoint()).credentials(credentials).build())) {
      assertThat(await(generator.submit(REQUEST)).id()).isEqualTo("op-1");
    }

    assertThat(credentials.invalidated).containsExactly("Bearer t1.token-1");
    assertThat(server.received()).extracting(r -> r.header("authorization"))
        .containsExactly("Bearer t1.token-1", "Bearer t1.token-2");
    assertThat(server.received()).extracting(r -> r.header("x-client-request-id")).doesNotHaveDuplicates();
  }

  @Test
  void unauthenticatedAnswerIsNotRepeatedWhenTheCredentialsCannotRenew() {
    acceptingOnly("Bearer nothing-matches");

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(server.endpoint()).build())) {
      ApiCallException e = failure(generator.getOperation("op-1"));

      assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.requestId()).contains("refused-1");
      assertThat(e.getMessage()).doesNotContain(TestCalls.API_KEY);
      assertThat(e.toString()).doesNotContain(TestCalls.API_KEY);
    }
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void secondUnauthenticatedAnswerEndsTheCall() {
    RotatingToken credentials = new RotatingToken(n -> "t1.token-" + n);
    acceptingOnly("Bearer t1.token-99");

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(
        config(server.endpoint()).credentials(credentials).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(e.requestId()).contains("refused-2");
    }
    assertThat(server.received()).hasSize(2);
    assertThat(credentials.invalidated).containsExactly("Bearer t1.token-1");
  }

  @Test
  void failingCredentialsFailTheCallBeforeAnythingIsSent() {
    acceptingOnly("Bearer t1.ok");
    Credentials broken = Credentials.iamToken(() -> {
      throw new IllegalStateException("IAM endpoint unreachable");
    });

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(
        config(server.endpoint()).credentials(broken).build())) {
      ApiCallException e = failure(generator.getOperation("op-1"));

      assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(e.origin()).isEqualTo(Origin.CLIENT);
      assertThat(e.operationId()).contains("op-1");
    }
    assertThat(server.received()).isEmpty();
  }

  @Test
  void credentialsThatNeverAnswerFailTheCallAtItsDeadline() {
    acceptingOnly("Bearer t1.ok");
    Credentials silent = new Credentials() {
      @Override
      public Kind kind() {
        return Kind.IAM_TOKEN;
      }

      @Override
      public CompletableFuture<String> authorization() {
        return new CompletableFuture<>();
      }

      @Override
      public String describe() {
        return "a token service that never answers";
      }
    };

    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(server.endpoint())
        .credentials(silent).waitPolicy(callTimeout(Duration.ofMillis(200))).build())) {
      ApiCallException e = failure(generator.submit(REQUEST));

      assertThat(e.code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
      assertThat(e.origin()).isEqualTo(Origin.CLIENT);
      assertThat(e.isProvablyNotAccepted()).isFalse();
      assertThat(e.getMessage()).contains("a token service that never answers", "200 ms");
    }
    assertThat(server.received()).isEmpty();
  }

  /** IAM tokens from a counter: each invalidation makes the next value a new one. */
  private static final class RotatingToken implements Credentials {
    private final IntFunction<String> tokens;
    private final AtomicInteger generation = new AtomicInteger(1);
    final List<String> invalidated = new CopyOnWriteArrayList<>();

    RotatingToken(IntFunction<String> tokens) {
      this.tokens = tokens;
    }

    @Override
    public Kind kind() {
      return Kind.IAM_TOKEN;
    }

    @Override
    public CompletableFuture<String> authorization() {
      return CompletableFuture.completedFuture("Bearer " + tokens.apply(generation.get()));
    }

    @Override
    public void invalidate(String rejectedAuthorization) {
      invalidated.add(rejectedAuthorization);
      generation.incrementAndGet();
    }

    @Override
    public String describe() {
      return "rotating test token";
    }
  }
}
