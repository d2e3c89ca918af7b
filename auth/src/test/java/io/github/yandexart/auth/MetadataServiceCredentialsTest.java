package io.github.yandexart.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.Credentials;
import io.github.yandexart.StatusCode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataServiceCredentialsTest {
  static final String TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";

  private final MutableClock clock = new MutableClock();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private volatile long expiresIn = 100;
  /** Like the real one: without Metadata-Flavor: Google it answers 403. */
  private final LocalServer metadata = new LocalServer(TOKEN_PATH, (request, n) ->
      "Google".equals(request.header("metadata-flavor"))
          ? new LocalServer.Reply(200, "{\"access_token\":\"md-token-" + n + "\",\"expires_in\":" + expiresIn
              + ",\"token_type\":\"Bearer\"}")
          : new LocalServer.Reply(403, "{\"message\":\"Missing Metadata-Flavor:Google header\"}"));

  @AfterEach
  void tearDown() {
    metadata.close();
  }

  private MetadataServiceCredentials credentials(String address) {
    return MetadataServiceCredentials.builder().address(address).clock(clock).scheduler(scheduler).build();
  }

  private MetadataServiceCredentials credentials() {
    return credentials("127.0.0.1:" + metadata.port());
  }

  private static ApiCallException failureOf(CompletableFuture<String> f) {
    Throwable t = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(ApiCallException.class);
    return (ApiCallException) t.getCause();
  }

  @Test
  void asksTheMetadataServiceWithTheMetadataFlavorHeader() {
    MetadataServiceCredentials credentials = credentials();

    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-1");

    LocalServer.Request request = metadata.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo(TOKEN_PATH);
    assertThat(request.header("metadata-flavor")).isEqualTo("Google");
    assertThat(credentials.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
  }

  @Test
  void expiresInDecidesWhenTheTokenIsReplaced() {
    MetadataServiceCredentials credentials = credentials();
    credentials.authorization().join();

    clock.advance(Duration.ofSeconds(90)); // a tenth of 100 s is left: not yet due
    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-1");
    assertThat(metadata.requestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(11)); // expired: the call waits for a new token
    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-2");
    assertThat(metadata.requestCount()).isEqualTo(2);
  }

  @Test
  void aLongLivedTokenIsKeptForAnHour() {
    expiresIn = 43_200;
    MetadataServiceCredentials credentials = credentials();
    credentials.authorization().join();

    clock.advance(Duration.ofMinutes(59));
    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-1");
    assertThat(metadata.requestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:%d", "http://127.0.0.1:%d", "http://127.0.0.1:%d/", "localhost:%d",
      "  127.0.0.1:%d  "})
  void theAddressMayBeHostPortOrAUrl(String form) {
    MetadataServiceCredentials credentials = credentials(String.format(form, metadata.port()));

    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-1");
    assertThat(credentials.describe()).startsWith("metadata service at ").endsWith(":" + metadata.port());
  }

  @Test
  void aHostWithoutAPortMeansPort80AndTheDefaultIsTheLinkLocalAddress() {
    assertThat(MetadataServiceCredentials.builder().address("10.0.0.1").build().address())
        .isEqualTo(URI.create("http://10.0.0.1"));
    // Built, never called: construction sends nothing.
    assertThat(MetadataServiceCredentials.builder().build().describe())
        .isEqualTo("metadata service at 169.254.169.254");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ftp://127.0.0.1:1", "http://127.0.0.1:1/computeMetadata", "http://user:pw@127.0.0.1:1",
      "127.0.0.1:port"})
  void anUnusableAddressIsRefused(String address) {
    assertThatThrownBy(() -> credentials(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metadata service address")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@"));
  }

  @Test
  void noServiceAccountOnTheVmIsReportedWithAHint() {
    metadata.respond((request, n) -> new LocalServer.Reply(404, "{\"message\":\"no service account\"}"));

    ApiCallException e = failureOf(credentials().authorization());

    assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CLIENT);
    assertThat(e.getMessage()).contains("could not get an IAM token from metadata service at 127.0.0.1:"
        + metadata.port(), "answered HTTP 404: no service account",
        "is a service account attached to this VM or function?");
  }

  @Test
  void aReplyWithoutUsableExpiryOrOfAnotherTypeIsRefused() {
    metadata.respond((request, n) -> new LocalServer.Reply(200, "{\"access_token\":\"md\",\"token_type\":\"Bearer\"}"));
    assertThat(failureOf(credentials().authorization()).getMessage()).contains("has no positive expires_in");

    metadata.respond((request, n) -> new LocalServer.Reply(200, "{\"access_token\":\"md\",\"expires_in\":\"60\","
        + "\"token_type\":\"Bearer\"}"));
    assertThat(credentials().authorization().join()).as("a numeric string is accepted").isEqualTo("Bearer md");

    metadata.respond((request, n) -> new LocalServer.Reply(200, "{\"access_token\":\"md\",\"expires_in\":60,"
        + "\"token_type\":\"MAC\"}"));
    assertThat(failureOf(credentials().authorization()).getMessage()).contains("token_type other than Bearer");
  }

  @Test
  void invalidateDropsTheRejectedToken() {
    MetadataServiceCredentials credentials = credentials();
    String first = credentials.authorization().join();

    credentials.invalidate(first);

    assertThat(credentials.authorization().join()).isEqualTo("Bearer md-token-2");
  }
}
