package io.github.yandexart.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.StatusCode;
import io.github.yandexart.auth.ServiceAccountCredentials;
import io.github.yandexart.auth.ServiceAccountKey;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth module's real service-account credentials against the emulator as their IAM endpoint. */
class ServiceAccountSetupTest {
  @TempDir
  static Path dir;

  static Path keyFile;
  static YandexArtEmulator emulator;

  @BeforeAll
  static void start() {
    keyFile = TestServiceAccountKey.generate().writeTo(dir.resolve("key.json"));
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .trustServiceAccountKey(keyFile)
        .build().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static String await(CompletableFuture<String> authorization) throws Exception {
    return authorization.get(20, TimeUnit.SECONDS);
  }

  static int generate(String authorization) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(URI.create(emulator.restEndpoint() + IamTokensTest.GENERATE))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(IamTokensTest.VALID_REQUEST))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theAuthModuleReadsTheTestKeyFileAndItsTokenAuthorizesGeneration() throws Exception {
    ServiceAccountKey key = ServiceAccountKey.fromFile(keyFile);
    Credentials credentials = ServiceAccountCredentials.builder(key).iamEndpoint(emulator.iamEndpoint()).build();

    String authorization = await(credentials.authorization());

    assertThat(authorization).startsWith("Bearer t1.");
    assertThat(emulator.requests()).anySatisfy(r -> assertThat(r.method()).isEqualTo("POST /iam/v1/tokens"));
    assertThat(generate(authorization)).isEqualTo(200);
    assertThat(emulator.trustedKeyIds()).containsExactly(key.id());
  }

  @Test
  void theEnvironmentVariablesPointTheCredentialsAtTheEmulator() throws Exception {
    Credentials credentials = ClientConfig.fromEnvironment(Map.of(
        "YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", emulator.iamEndpoint().toString())).requireCredentials();

    assertThat(generate(await(credentials.authorization()))).isEqualTo(200);
  }

  @Test
  void anUntrustedKeyFailsWithTheEmulatorsReason() throws Exception {
    Path other = TestServiceAccountKey.generate().writeTo(dir.resolve("other.json"));
    Credentials credentials = ServiceAccountCredentials.builder(ServiceAccountKey.fromFile(other))
        .iamEndpoint(emulator.iamEndpoint()).build();

    assertThatThrownBy(() -> await(credentials.authorization()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ApiCallException.class, failure -> {
      assertThat(failure.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
      assertThat(failure.getMessage()).contains("HTTP 401").contains("is not a key the emulator trusts");
    });
  }
}
