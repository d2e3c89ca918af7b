package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

/** A host that does not resolve: checked with a resolver that never leaves the machine. */
class RestConnectFailureTest {
  private static final DnsResolver NOTHING_RESOLVES = new DnsResolver() {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      throw new UnknownHostException(host + ": no such host (test resolver)");
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      throw new UnknownHostException(host);
    }
  };

  @Test
  void anUnresolvableHostProvesTheRequestWasNotSent() throws Exception {
    ClientConfig config = ClientConfig.builder()
        .credentials(Credentials.apiKey("key"))
        .endpoint(URI.create("https://llm.example.invalid"))
        .build();
    try (RestImageGenerator generator = new RestImageGenerator(config, NOTHING_RESOLVES, Clock.systemUTC())) {
      ExecutionException thrown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> generator.submit(ImageGenerationRequest.of(ModelUri.of("b1g"), "a red cat")).get(20, TimeUnit.SECONDS));

      ApiCallException e = (ApiCallException) thrown.getCause();
      assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CONNECT);
      assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE);
      assertThat(e.isProvablyNotAccepted()).isTrue();
      assertThat(e.getMessage()).contains("could not resolve", "llm.example.invalid");
      assertThat(e.getCause()).as("the test resolver answered, not the system's")
          .hasMessageContaining("test resolver");
    }
  }
}
