package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.failure;
import static io.github.yandexart.rest.TestSupport.request;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A 401 makes the transport invalidate the credentials and try once more with a new value. */
class RestAuthRetryTest {
  private static final byte[] UNAUTHENTICATED = RawServer.response("401 Unauthorized", "application/json",
      "{\"code\":16,\"message\":\"The token has expired\",\"details\":[]}");
  private static final byte[] RUNNING = RawServer.response("200 OK", "application/json",
      "{\"id\":\"op1\",\"description\":\"\",\"createdAt\":null,\"createdBy\":\"\",\"modifiedAt\":null,"
          + "\"done\":false,\"metadata\":null}");

  /** IAM tokens handed out in order; records what was invalidated. */
  static final class RotatingTokens implements Credentials {
    final Deque<String> tokens;
    final List<String> invalidated = new ArrayList<>();
    private String current;

    RotatingTokens(String... tokens) {
      this.tokens = new ArrayDeque<>(List.of(tokens));
      this.current = this.tokens.poll();
    }

    @Override
    public Kind kind() {
      return Kind.IAM_TOKEN;
    }

    @Override
    public synchronized CompletableFuture<String> authorization() {
      return CompletableFuture.completedFuture("Bearer " + current);
    }

    @Override
    public synchronized void invalidate(String rejected) {
      invalidated.add(rejected);
      if (rejected.equals("Bearer " + current) && !tokens.isEmpty()) {
        current = tokens.poll();
      }
    }

    @Override
    public String describe() {
      return "rotating test tokens";
    }
  }

  /** Answers 401 to the token {@code expired}, 200 to any other. */
  private static RawServer rejecting(String expired) {
    return RawServer.start((request, out) -> {
      out.write(request.header("authorization").equals("Bearer " + expired) ? UNAUTHENTICATED : RUNNING);
      return true;
    });
  }

  @Test
  void aRefreshedTokenIsTriedOnceAfterA401() {
    RotatingTokens tokens = new RotatingTokens("t1.old", "t1.new");
    try (RawServer server = rejecting("t1.old");
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).credentials(tokens).build())) {
      Operation op = result(generator.submit(request("a red cat")));

      assertThat(op.id()).isEqualTo("op1");
      assertThat(tokens.invalidated).containsExactly("Bearer t1.old");
      assertThat(server.requests()).extracting(r -> r.header("authorization"))
          .containsExactly("Bearer t1.old", "Bearer t1.new");
      assertThat(server.requests()).extracting(r -> r.header("x-client-request-id")).doesNotHaveDuplicates();
      assertThat(server.requests()).extracting(RawServer.Request::bodyText)
          .containsExactly(server.requests().get(0).bodyText(), server.requests().get(0).bodyText());
    }
  }

  @Test
  void theSameValueAgainIsNotRetried() {
    try (RawServer server = rejecting("t1.only");
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).credentials(Credentials.iamToken("t1.only")).build())) {
      ApiCallException e = failure(generator.getOperation("op1"));

      assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(e.origin()).isEqualTo(Origin.SERVER);
      assertThat(e.httpStatus()).hasValue(401);
      assertThat(e.getMessage()).contains("The token has expired").doesNotContain("t1.only");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void aSecond401EndsTheCall() {
    RotatingTokens tokens = new RotatingTokens("t1.a", "t1.b", "t1.c");
    try (RawServer server = RawServer.answering("401 Unauthorized", "application/json",
            "{\"code\":16,\"message\":\"no\"}");
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).credentials(tokens).build())) {
      ApiCallException e = failure(generator.submit(request("a red cat")));

      assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(server.requests()).extracting(r -> r.header("authorization"))
          .containsExactly("Bearer t1.a", "Bearer t1.b");
      assertThat(tokens.invalidated).containsExactly("Bearer t1.a");
    }
  }

  @Test
  void credentialsThatFailSendNothing() {
    ApiCallException refused = ApiCallException.builder(StatusCode.UNAUTHENTICATED, Origin.CLIENT)
        .message("the key file is unreadable").build();
    Credentials broken = new Credentials() {
      @Override
      public Kind kind() {
        return Kind.IAM_TOKEN;
      }

      @Override
      public CompletableFuture<String> authorization() {
        return CompletableFuture.failedFuture(refused);
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    try (RawServer server = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\"}");
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(server.endpoint()).credentials(broken).build())) {
      ApiCallException submit = failure(generator.submit(request("a red cat")));
      ApiCallException read = failure(generator.getOperation("op7"));

      assertThat(submit).isSameAs(refused);
      assertThat(read.getMessage()).contains("operation op7", "the key file is unreadable");
      assertThat(read.isProvablyNotAccepted()).isFalse();
      assertThat(server.requests()).isEmpty();
    }
  }
}
