package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  /** A secret that must never show up anywhere but in the header value. */
  private static final String CANARY = "CANARY-7f3a9c-SECRET";

  @Test
  void apiKeyGivesAnApiKeyHeader() {
    Credentials c = Credentials.apiKey(" " + CANARY + "\n");
    assertThat(c.kind()).isEqualTo(Credentials.Kind.API_KEY);
    assertThat(c.authorization().join()).isEqualTo("Api-Key " + CANARY);
  }

  @Test
  void iamTokenGivesABearerHeader() {
    Credentials c = Credentials.iamToken("t1." + CANARY);
    assertThat(c.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
    assertThat(c.authorization().join()).isEqualTo("Bearer t1." + CANARY);
  }

  @Test
  void theHeaderFutureCannotBeSpoiledByACaller() {
    Credentials c = Credentials.apiKey(CANARY);
    c.authorization().complete("Api-Key something else");
    c.authorization().obtrudeValue("Api-Key obtruded");
    assertThat(c.authorization().join()).isEqualTo("Api-Key " + CANARY);
  }

  @Test
  void aTokenSupplierIsAskedForEveryCall() {
    AtomicInteger n = new AtomicInteger();
    Credentials c = Credentials.iamToken(() -> "t1.token" + n.incrementAndGet());
    assertThat(c.authorization().join()).isEqualTo("Bearer t1.token1");
    assertThat(c.authorization().join()).isEqualTo("Bearer t1.token2");
    assertThat(c.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
  }

  @Test
  void aFailingTokenSupplierFailsTheCallAsUnauthenticatedWithoutRevealingItsMessage() {
    Credentials c = Credentials.iamToken(() -> {
      throw new IllegalStateException("token " + CANARY + " expired");
    });
    assertThatThrownBy(() -> c.authorization().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(ApiCallException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
          assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CLIENT);
          assertThat(e.getMessage()).contains("supplier failed").doesNotContain(CANARY);
          assertThat(stackText(e)).doesNotContain(CANARY);
        });
  }

  @Test
  void anEmptyTokenFromTheSupplierFailsTheCall() {
    Credentials c = Credentials.iamToken(() -> " ");
    assertThatThrownBy(() -> c.authorization().join())
        .cause()
        .isInstanceOf(ApiCallException.class)
        .hasMessageContaining("returned no token");
  }

  @Test
  void blankOrMissingSecretsAreRefused() {
    assertThatThrownBy(() -> Credentials.apiKey(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("API key is blank");
    assertThatThrownBy(() -> Credentials.iamToken("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IAM token is blank");
    assertThatThrownBy(() -> Credentials.apiKey(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("API key");
  }

  @Test
  void toStringAndDescribeNeverContainTheSecret() {
    for (Credentials c : new Credentials[] {
        Credentials.apiKey(CANARY),
        Credentials.iamToken(CANARY),
        Credentials.iamToken(() -> CANARY),
        Credentials.fromEnvironment(Map.of("YC_API_KEY", CANARY)),
        Credentials.fromEnvironment(Map.of("YC_IAM_TOKEN", CANARY))}) {
      assertThat(c.toString()).doesNotContain(CANARY).contains(c.describe());
      assertThat(c.describe()).doesNotContain(CANARY).isNotBlank();
    }
  }

  @Test
  void clientConfigToStringShowsWhereCredentialsComeFromButNotTheSecret() {
    ClientConfig config = ClientConfig.fromEnvironment(Map.of("YC_API_KEY", CANARY, "YC_FOLDER_ID", "b1g"));
    assertThat(config.toString()).doesNotContain(CANARY).contains("API key from YC_API_KEY");
    assertThat(ClientConfig.builder().credentials(Credentials.iamToken(CANARY)).build().toString())
        .doesNotContain(CANARY).contains("IAM token");
  }

  @Test
  void theApiKeyWinsOverTheIamTokenInTheEnvironment() {
    Credentials c = Credentials.fromEnvironment(Map.of("YC_API_KEY", "key", "YC_IAM_TOKEN", "t1.token"));
    assertThat(c.kind()).isEqualTo(Credentials.Kind.API_KEY);
    assertThat(c.authorization().join()).isEqualTo("Api-Key key");
    assertThat(c.describe()).isEqualTo("API key from YC_API_KEY");
  }

  @Test
  void theIamTokenIsUsedWhenNoApiKeyIsSet() {
    Credentials c = Credentials.fromEnvironment(Map.of("YC_API_KEY", "  ", "YC_IAM_TOKEN", " t1.token "));
    assertThat(c.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
    assertThat(c.authorization().join()).isEqualTo("Bearer t1.token");
    assertThat(c.describe()).isEqualTo("IAM token from YC_IAM_TOKEN");
  }

  @Test
  void anEmptyEnvironmentNamesTheVariablesToSet() {
    assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("YC_API_KEY")
        .hasMessageContaining("YC_IAM_TOKEN")
        .hasMessageContaining("YC_SERVICE_ACCOUNT_KEY_FILE");
    assertThat(Credentials.findInEnvironment(Map.of())).isEmpty();
  }

  @Test
  void aKeyFileOrMetadataAddressWithoutTheAuthModuleAsksForTheArtifact() {
    for (String name : new String[] {"YC_SERVICE_ACCOUNT_KEY_FILE", "YC_METADATA_ADDR"}) {
      assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of(name, "/tmp/" + CANARY)))
          .as(name)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name + " is set")
          .hasMessageContaining("io.github.yandexart:yandexart-auth")
          .hasMessageNotContaining(CANARY);
    }
  }

  @Test
  void staticCredentialsIgnoreInvalidate() {
    Credentials c = Credentials.apiKey(CANARY);
    c.invalidate("Api-Key " + CANARY);
    assertThat(c.authorization().join()).isEqualTo("Api-Key " + CANARY);
  }

  @Test
  void aBrokenCredentialsProviderIsSkippedAndNamedNotThrown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path services = java.nio.file.Files.createDirectories(dir.resolve("META-INF/services"));
    java.nio.file.Files.write(services.resolve(io.github.yandexart.spi.CredentialsProvider.class.getName()),
        java.util.List.of("no.such.Provider", ThrowingProvider.class.getName(), FindingProvider.class.getName()));
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
        new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);

      assertThat(ClientConfig.fromEnvironment(Map.of("FIND_ME", "yes")).requireCredentials().describe())
          .isEqualTo("found by a test provider");
      assertThat(Credentials.findInEnvironment(Map.of())).isEmpty();
      assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of("YC_SERVICE_ACCOUNT_KEY_FILE", "/x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no.such.Provider")
          .hasMessageContaining(ThrowingProvider.class.getName() + " failed: java.lang.IllegalStateException")
          .hasMessageNotContaining(CANARY);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void aProviderGetsTheConfigsIamEndpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path services = java.nio.file.Files.createDirectories(dir.resolve("META-INF/services"));
    java.nio.file.Files.write(services.resolve(io.github.yandexart.spi.CredentialsProvider.class.getName()),
        java.util.List.of(FindingProvider.class.getName()));
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
        new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      FindingProvider.seen = null;

      ClientConfig.fromEnvironment(Map.of("FIND_ME", "yes", "YC_IAM_ENDPOINT", "http://localhost:9/"));
      assertThat(FindingProvider.seen).isEqualTo(java.net.URI.create("http://localhost:9"));
      Credentials.findInEnvironment(Map.of("FIND_ME", "yes"));
      assertThat(FindingProvider.seen).isEqualTo(ClientConfig.DEFAULT_IAM_ENDPOINT);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** A provider whose every look fails in a way that is not about the environment's values. */
  public static final class ThrowingProvider implements io.github.yandexart.spi.CredentialsProvider {
    @Override
    public java.util.Optional<Credentials> fromEnvironment(Map<String, String> env, java.net.URI iamEndpoint) {
      throw new IllegalStateException("broken: " + CANARY);
    }
  }

  private static final class Found implements Credentials {
    @Override
    public Kind kind() {
      return Kind.IAM_TOKEN;
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> authorization() {
      return java.util.concurrent.CompletableFuture.completedFuture("Bearer t1.found");
    }

    @Override
    public String describe() {
      return "found by a test provider";
    }
  }

  /** Finds credentials when {@code FIND_ME} is set, and notes the IAM endpoint it was given. */
  public static final class FindingProvider implements io.github.yandexart.spi.CredentialsProvider {
    static volatile java.net.URI seen;

    @Override
    public java.util.Optional<Credentials> fromEnvironment(Map<String, String> env, java.net.URI iamEndpoint) {
      seen = iamEndpoint;
      return env.containsKey("FIND_ME")
          ? java.util.Optional.of(new Found())
          : java.util.Optional.empty();
    }
  }

  private static String stackText(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
