package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigTest {

  @Test
  void defaultsPointAtTheServiceAndSendNoOptionalHeaders() {
    ClientConfig c = ClientConfig.builder().build();
    assertThat(c.generationEndpoint()).isEqualTo(URI.create("https://llm.api.cloud.yandex.net"));
    assertThat(c.operationEndpoint()).isEqualTo(URI.create("https://operation.api.cloud.yandex.net"));
    assertThat(c.iamEndpoint()).isEqualTo(URI.create("https://iam.api.cloud.yandex.net"));
    assertThat(c.credentials()).isEmpty();
    assertThat(c.folderId()).isEmpty();
    assertThat(c.transport()).isEmpty();
    assertThat(c.dataLogging()).isEmpty();
    assertThat(c.allowInsecure()).isFalse();
    assertThat(c.maxResponseSize()).isEqualTo(64L << 20);
    assertThat(c.connectTimeout()).isPositive();
    assertThat(c.waitPolicy()).isEqualTo(WaitPolicy.defaults());
    assertThat(c.userAgent()).startsWith("yandexart-java/").contains(" java/");
  }

  @Test
  void requireCredentialsSaysHowToGiveSome() {
    assertThatThrownBy(() -> ClientConfig.builder().build().requireCredentials())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("YC_API_KEY")
        .hasMessageContaining("credentials(...)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "http://127.1.2.3:5",
      "http://emulator.localhost:7"})
  void plaintextToLoopbackIsAllowed(String endpoint) {
    ClientConfig c = ClientConfig.builder().endpoint(endpoint).build();
    assertThat(c.generationEndpoint()).isEqualTo(URI.create(endpoint));
    assertThat(ClientConfig.isPlaintext(c.generationEndpoint())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com:8080", "http://10.0.0.1:80", "http://192.0.2.10",
      "http://127.0.0.1.nip.io:8080",
      "http://localhost.example.com:1", "http://128.0.0.1:2"})
  void plaintextElsewhereIsRefusedUnlessAllowed(String endpoint) {
    assertThatThrownBy(() -> ClientConfig.builder().endpoint(endpoint).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generation endpoint " + endpoint + " is plaintext http:// to a host that is not loopback:"
            + " use https://, or set allowInsecure(true) if you really mean it");
    assertThat(ClientConfig.builder().endpoint(endpoint).allowInsecure(true).build().generationEndpoint())
        .isEqualTo(URI.create(endpoint));
  }

  @Test
  void plaintextOperationAndIamEndpointsFollowTheSameRule() {
    assertThatThrownBy(() -> ClientConfig.builder().operationEndpoint("http://example.com").build())
        .hasMessageStartingWith("operation endpoint http://example.com is plaintext");
    assertThatThrownBy(() -> ClientConfig.builder().iamEndpoint(URI.create("http://example.com")).build())
        .hasMessageStartingWith("IAM endpoint http://example.com is plaintext");
  }

  @Test
  void anEndpointWithAPathIsRefused() {
    assertThatThrownBy(() -> ClientConfig.builder()
            .endpoint("https://llm.api.cloud.yandex.net/foundationModels/v1/imageGenerationAsync").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generation endpoint https://llm.api.cloud.yandex.net/foundationModels/v1/imageGenerationAsync"
            + " has a path: give only the base, such as https://llm.api.cloud.yandex.net");
    assertThatThrownBy(() -> ClientConfig.builder().operationEndpoint("https://h.example/operations").build())
        .hasMessageContaining("has a path");
  }

  @Test
  void aTrailingSlashIsDropped() {
    assertThat(ClientConfig.builder().endpoint("https://ai.api.cloud.yandex.net/").build().generationEndpoint())
        .isEqualTo(URI.create("https://ai.api.cloud.yandex.net"));
  }

  @Test
  void otherSchemesAndHostlessEndpointsAreRefused() {
    assertThatThrownBy(() -> ClientConfig.builder().endpoint("ftp://h.example").build())
        .hasMessage("generation endpoint ftp://h.example must start with https:// (or http:// for a local emulator)");
    assertThatThrownBy(() -> ClientConfig.builder().endpoint("llm.api.cloud.yandex.net:443").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with https://");
    assertThatThrownBy(() -> ClientConfig.builder().endpoint("https:///").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no host");
  }

  @Test
  void endpointAloneAlsoServesOperations() {
    ClientConfig c = ClientConfig.builder().endpoint("http://127.0.0.1:5000").build();
    assertThat(c.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:5000"));
  }

  @Test
  void anOperationEndpointOfItsOwnWinsWhicheverIsSetFirst() {
    ClientConfig before = ClientConfig.builder().operationEndpoint("http://127.0.0.1:2")
        .endpoint("http://127.0.0.1:1").build();
    ClientConfig after = ClientConfig.builder().endpoint("http://127.0.0.1:1")
        .operationEndpoint("http://127.0.0.1:2").build();
    for (ClientConfig c : new ClientConfig[] {before, after}) {
      assertThat(c.generationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
      assertThat(c.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
    }
  }

  @Test
  void toBuilderKeepsTheOperationEndpointFollowingTheEndpoint() {
    ClientConfig moved = ClientConfig.builder().build().toBuilder().endpoint("http://127.0.0.1:7").build();
    assertThat(moved.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:7"));

    ClientConfig local = ClientConfig.builder().endpoint("http://127.0.0.1:7").build();
    assertThat(local.toBuilder().build().operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:7"));
    assertThat(local.toBuilder().endpoint("http://127.0.0.1:8").build().operationEndpoint())
        .isEqualTo(URI.create("http://127.0.0.1:8"));

    ClientConfig split = ClientConfig.builder().endpoint("http://127.0.0.1:7")
        .operationEndpoint("http://127.0.0.1:9").build();
    assertThat(split.toBuilder().endpoint("http://127.0.0.1:8").build().operationEndpoint())
        .isEqualTo(URI.create("http://127.0.0.1:9"));
  }

  @Test
  void toBuilderKeepsEveryOtherSetting() {
    ClientConfig c = ClientConfig.builder().credentials(Credentials.apiKey("k")).folderId("b1g")
        .transport("grpc").connectTimeout(Duration.ofSeconds(3)).dataLogging(false)
        .userAgentSuffix("app/1").requestIdSupplier(() -> "rid").allowInsecure(true)
        .maxResponseSize(2048).waitPolicy(WaitPolicy.builder().maxSubmitAttempts(1).build()).build();
    ClientConfig copy = c.toBuilder().build();
    assertThat(copy.toString()).isEqualTo(c.toString());
    assertThat(copy.userAgent()).isEqualTo(c.userAgent()).endsWith(" app/1");
    assertThat(copy.newClientRequestId()).isEqualTo("rid");
    assertThat(copy.credentials()).containsSame(c.credentials().orElseThrow());
  }

  @Test
  void portsDefaultByScheme() {
    assertThat(ClientConfig.port(URI.create("https://h.example"))).isEqualTo(443);
    assertThat(ClientConfig.port(URI.create("http://127.0.0.1"))).isEqualTo(80);
    assertThat(ClientConfig.port(URI.create("https://h.example:8443"))).isEqualTo(8443);
    assertThat(ClientConfig.isPlaintext(URI.create("https://h.example"))).isFalse();
  }

  @Test
  void clientRequestIdsAreFreshUuidsByDefault() {
    ClientConfig c = ClientConfig.builder().build();
    String a = c.newClientRequestId();
    assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(java.util.UUID.fromString(a).version()).as("a random UUID").isEqualTo(4);
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(c.newClientRequestId());
    }
    assertThat(ids).as("fresh every time").hasSize(100_000);
  }

  @Test
  void nonPositiveConnectTimeoutAndTinyResponseLimitAreRefused() {
    assertThatThrownBy(() -> ClientConfig.builder().connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> ClientConfig.builder().maxResponseSize(100).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResponseSize 100 is too small: use at least 1024 bytes"
            + " (a real image reply is about 1.6 MB; the default is 64 MiB)");
    assertThat(ClientConfig.builder().maxResponseSize(1024).build().maxResponseSize()).isEqualTo(1024);
  }

  @Test
  void fromEnvironmentReadsEveryVariable() {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of(
        "YC_API_KEY", "key",
        "YC_FOLDER_ID", " b1gfolder ",
        "YANDEXART_ENDPOINT", "http://127.0.0.1:1001",
        "YANDEXART_OPERATION_ENDPOINT", "http://127.0.0.1:1002",
        "YC_IAM_ENDPOINT", "http://127.0.0.1:1003",
        "YANDEXART_DATA_LOGGING", "FALSE"));
    assertThat(c.credentials().orElseThrow().describe()).isEqualTo("API key from YC_API_KEY");
    assertThat(c.folderId()).hasValue("b1gfolder");
    assertThat(c.generationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1001"));
    assertThat(c.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1002"));
    assertThat(c.iamEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1003"));
    assertThat(c.dataLogging()).hasValue(false);
  }

  @Test
  void fromEnvironmentWithOnlyTheEndpointServesOperationsThereToo() {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of("YANDEXART_ENDPOINT", "http://127.0.0.1:1001"));
    assertThat(c.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1001"));
  }

  @Test
  void fromEnvironmentReadsAnIamTokenAndDataLoggingTrue() {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of("YC_IAM_TOKEN", "t1.x", "YANDEXART_DATA_LOGGING", "true"));
    assertThat(c.credentials().orElseThrow().kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
    assertThat(c.dataLogging()).hasValue(true);
  }

  @Test
  void anEmptyEnvironmentKeepsTheDefaults() {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of("YC_FOLDER_ID", " ", "YANDEXART_ENDPOINT", ""));
    assertThat(c.toString()).isEqualTo(ClientConfig.builder().build().toString());
  }

  @Test
  void aBadDataLoggingValueSaysWhatToSetItTo() {
    assertThatThrownBy(() -> ClientConfig.fromEnvironment(Map.of("YANDEXART_DATA_LOGGING", "no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("YANDEXART_DATA_LOGGING is \"no\": set it to true or false");
  }

  @Test
  void aPlaintextEndpointFromTheEnvironmentIsCheckedLikeAnyOther() {
    assertThatThrownBy(() -> ClientConfig.fromEnvironment(Map.of("YANDEXART_ENDPOINT", "http://example.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not loopback");
  }

  @Test
  void blankFolderTransportAndSuffixMeanUnset() {
    ClientConfig c = ClientConfig.builder().folderId(" ").transport("").userAgentSuffix(" ").build();
    assertThat(c.folderId()).isEmpty();
    assertThat(c.transport()).isEmpty();
    assertThat(c.userAgent()).doesNotEndWith(" ");
  }

  @Test
  void anEndpointWithAQueryFragmentOrUserInfoIsRefused() {
    for (String uri : new String[] {"https://h.example?x=1", "https://h.example#top"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientConfig.builder().endpoint(uri).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("query or fragment");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ClientConfig.builder().endpoint("https://me:pw@h.example").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user information")
        .hasMessageNotContaining("pw");
  }

  @Test
  void everyEndpointIsCheckedByTheOneRule() {
    assertThat(ClientConfig.checkEndpoint(URI.create("https://iam.example:8443/"), "IAM endpoint", false))
        .isEqualTo(URI.create("https://iam.example:8443"));
    assertThat(ClientConfig.checkEndpoint(URI.create("http://127.0.0.1:9"), "IAM endpoint", false))
        .isEqualTo(URI.create("http://127.0.0.1:9"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ClientConfig.checkEndpoint(URI.create("http://iam.example"), "YC_IAM_ENDPOINT", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("YC_IAM_ENDPOINT http://iam.example is plaintext http://");
    assertThat(ClientConfig.checkEndpoint(URI.create("http://iam.example"), "x", true))
        .isEqualTo(URI.create("http://iam.example"));
  }

  @Test
  void theIamEndpointIsReadFromTheEnvironmentOnceAndChecked() {
    ClientConfig c = ClientConfig.fromEnvironment(Map.of("YC_IAM_ENDPOINT", " http://localhost:7/ "));
    assertThat(c.iamEndpoint()).isEqualTo(URI.create("http://localhost:7"));
    assertThat(ClientConfig.fromEnvironment(Map.of()).iamEndpoint()).isEqualTo(ClientConfig.DEFAULT_IAM_ENDPOINT);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ClientConfig.fromEnvironment(Map.of("YC_IAM_ENDPOINT", "http://iam.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("YC_IAM_ENDPOINT http://iam.example is plaintext");
    assertThat(ClientConfig.builder().allowInsecure(true)
        .applyEnvironment(Map.of("YC_IAM_ENDPOINT", "http://iam.example")).build().iamEndpoint())
        .isEqualTo(URI.create("http://iam.example"));
  }

  @Test
  void theFolderHeaderIsSentOnlyWithIamTokens() {
    ClientConfig.Builder b = ClientConfig.builder().folderId("b1gfolder");
    assertThat(b.credentials(Credentials.iamToken("t1.x")).build().folderIdHeader()).contains("b1gfolder");
    assertThat(b.credentials(Credentials.iamToken(() -> "t1.y")).build().folderIdHeader()).contains("b1gfolder");
    assertThat(b.credentials(Credentials.apiKey("AQVN")).build().folderIdHeader()).isEmpty();
    assertThat(b.credentials(null).build().folderIdHeader()).isEmpty();
    assertThat(ClientConfig.builder().credentials(Credentials.iamToken("t1.x")).build().folderIdHeader()).isEmpty();
  }

  @Test
  void anExplicitProxyIsUsedForEveryEndpointAndShownInToString() {
    ClientConfig c = ClientConfig.builder().proxy("127.0.0.1", 3128).build();

    assertThat(c.proxyFor(URI.create("https://llm.api.cloud.yandex.net")))
        .hasValueSatisfying(a -> assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo("127.0.0.1:3128"));
    assertThat(c.proxyFor(URI.create("http://127.0.0.1:1"))).isPresent();
    assertThat(c.toBuilder().build().proxy()).isPresent();
    assertThat(c.toString()).contains("proxy=127.0.0.1:3128");
    assertThat(ClientConfig.builder().proxy("127.0.0.1", 3128).proxy((java.net.ProxySelector) null).build().proxy())
        .isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientConfig.builder().proxy("h", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAProxyTheJvmDefaultDecidesAndLoopbackGoesDirect() {
    // the JVM's default selector never proxies loopback (http.nonProxyHosts), whatever the properties say
    assertThat(ClientConfig.builder().build().proxyFor(URI.create("http://127.0.0.1:1"))).isEmpty();
  }
}
