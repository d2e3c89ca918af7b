package io.github.yandexart.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials.findInEnvironment / fromEnvironment, through the ServiceLoader registration. */
class EnvironmentTest {
  @TempDir Path dir;
  private FakeIam iam;
  private LocalServer metadata;
  private Path keyFile;

  @BeforeEach
  void setUp() {
    iam = new FakeIam(Clock.systemUTC());
    metadata = new LocalServer(MetadataServiceCredentialsTest.TOKEN_PATH, (request, n) ->
        new LocalServer.Reply(200, "{\"access_token\":\"md-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
    keyFile = TestKeys.write(dir, "key.json", TestKeys.keyFileJson());
  }

  @AfterEach
  void tearDown() {
    iam.close();
    metadata.close();
  }

  @Test
  void aKeyFileVariableGivesServiceAccountCredentialsThroughTheServiceLoader() {
    Optional<Credentials> found = Credentials.findInEnvironment(Map.of(
        "YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", iam.endpoint().toString()));

    assertThat(found).get().isInstanceOf(ServiceAccountCredentials.class);
    Credentials credentials = found.orElseThrow();
    assertThat(credentials.describe())
        .isEqualTo("service-account key " + TestKeys.KEY_ID + " from YC_SERVICE_ACCOUNT_KEY_FILE");
    assertThat(credentials.authorization().join()).isEqualTo("Bearer t1.token-1");
    assertThat(iam.problems()).isEmpty();
  }

  @Test
  void clientConfigFromTheEnvironmentUsesTheKeyFileToo() {
    ClientConfig config = ClientConfig.fromEnvironment(Map.of(
        "YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", iam.endpoint().toString(),
        "YC_FOLDER_ID", "b1gfolder"));

    assertThat(config.requireCredentials()).isInstanceOf(ServiceAccountCredentials.class);
    assertThat(((ServiceAccountCredentials) config.requireCredentials()).iamEndpoint())
        .isEqualTo(config.iamEndpoint());
  }

  @Test
  void withoutTheVariablesNoCredentialsAreFoundAndNothingIsProbed() {
    assertThat(Credentials.findInEnvironment(Map.of())).isEmpty();
    assertThat(Credentials.findInEnvironment(Map.of("YC_IAM_ENDPOINT", iam.endpoint().toString(),
        "YC_METADATA_ADDR", "  "))).isEmpty();
    assertThat(iam.requestCount()).isZero();
    assertThat(metadata.requestCount()).isZero();
  }

  @Test
  void theMetadataServiceIsUsedOnlyWhenItsAddressIsSet() {
    Optional<Credentials> found = Credentials.findInEnvironment(Map.of("YC_METADATA_ADDR", "127.0.0.1:" + metadata.port()));

    assertThat(found).get().isInstanceOf(MetadataServiceCredentials.class);
    assertThat(found.orElseThrow().describe()).isEqualTo("metadata service at 127.0.0.1:" + metadata.port());
    assertThat(found.orElseThrow().authorization().join()).isEqualTo("Bearer md-token");
    assertThat(metadata.requests().get(0).header("metadata-flavor")).isEqualTo("Google");
  }

  @Test
  void theKeyFileComesBeforeTheMetadataServiceAndPlainSecretsComeFirst() {
    Map<String, String> both = Map.of(
        "YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", iam.endpoint().toString(),
        "YC_METADATA_ADDR", "127.0.0.1:" + metadata.port());
    assertThat(Credentials.findInEnvironment(both)).get().isInstanceOf(ServiceAccountCredentials.class);

    Map<String, String> withApiKey = new HashMap<>(both);
    withApiKey.put("YC_API_KEY", "AQVN-test");
    assertThat(Credentials.findInEnvironment(withApiKey).orElseThrow().kind()).isEqualTo(Credentials.Kind.API_KEY);
  }

  @Test
  void aBrokenKeyFileNamesTheVariableAndTheFile() {
    Path broken = TestKeys.write(dir, "broken.json", "{\"id\":\"k\"}");

    assertThatThrownBy(() -> Credentials.findInEnvironment(Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", broken.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("YC_SERVICE_ACCOUNT_KEY_FILE: service-account key file " + broken
            + " has no \"service_account_id\" field");
  }

  @Test
  void aPlaintextIamEndpointToAnotherHostIsRefused() {
    assertThatThrownBy(() -> Credentials.findInEnvironment(Map.of(
        "YC_SERVICE_ACCOUNT_KEY_FILE", keyFile.toString(),
        "YC_IAM_ENDPOINT", "http://iam.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("YC_IAM_ENDPOINT http://iam.example.com is plaintext http://");
  }
}
