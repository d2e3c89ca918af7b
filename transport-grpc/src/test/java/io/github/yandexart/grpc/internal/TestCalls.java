package io.github.yandexart.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that make calls. */
final class TestCalls {
  static final String API_KEY = "test-secret-api-key";

  private TestCalls() {}

  /** A config for {@code endpoint} with an API key and a 10 s call timeout. */
  static ClientConfig.Builder config(URI endpoint) {
    return ClientConfig.builder()
        .credentials(Credentials.apiKey(API_KEY))
        .endpoint(endpoint)
        .waitPolicy(callTimeout(Duration.ofSeconds(10)));
  }

  static WaitPolicy callTimeout(Duration timeout) {
    return WaitPolicy.defaults().toBuilder().callTimeout(timeout).build();
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no answer within 30 s", e);
    }
  }

  static ApiCallException failure(CompletableFuture<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApiCallException.class);
      return (ApiCallException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no answer within 30 s", e);
    }
    throw new AssertionError("the call succeeded but should have failed");
  }
}
