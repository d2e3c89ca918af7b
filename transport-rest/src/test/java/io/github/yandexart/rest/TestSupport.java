package io.github.yandexart.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared bits of the REST tests: configs for local servers and bounded waits on futures. */
final class TestSupport {
  static final String API_KEY = "test-api-key-0123456789";

  private TestSupport() {}

  /** A config for a local server with an API key and a short per-call deadline. */
  static ClientConfig.Builder config(URI endpoint) {
    return ClientConfig.builder()
        .credentials(Credentials.apiKey(API_KEY))
        .endpoint(endpoint)
        .waitPolicy(WaitPolicy.defaults().toBuilder().callTimeout(Duration.ofSeconds(10)).build());
  }

  static ClientConfig.Builder config(URI endpoint, Duration callTimeout) {
    return config(endpoint).waitPolicy(WaitPolicy.defaults().toBuilder().callTimeout(callTimeout).build());
  }

  /** An emulator on ephemeral loopback ports whose store renders small images. */
  static YandexArtEmulator startEmulator() {
    return YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .build()
        .start();
  }

  static ImageGenerationRequest request(String prompt) {
    return ImageGenerationRequest.of(ModelUri.of("b1gtest"), prompt);
  }

  static <T> T result(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  static ApiCallException failure(CompletableFuture<?> future) {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ApiCallException.class);
      return (ApiCallException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 20 s: the call hangs", e);
    }
    throw new AssertionError("the call succeeded but should have failed");
  }
}
