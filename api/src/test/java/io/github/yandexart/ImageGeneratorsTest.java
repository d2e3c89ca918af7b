package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ImageGenerators.Discovery;
import io.github.yandexart.spi.ImageGeneratorProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGeneratorsTest {
  private static final String REST = TestProviders.Rest.class.getName();
  private static final String GRPC = TestProviders.Grpc.class.getName();
  private static final String THROWING = TestProviders.Throwing.class.getName();
  private static final String MISSING = "io.github.yandexart.NoSuchProvider";
  private static final ClientConfig NO_NAME = ClientConfig.builder().build();

  @TempDir Path dir;
  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader l : loaders) {
      l.close();
    }
  }

  /** A class loader whose only service file lists {@code classNames}; the real classpath stays clean. */
  private ClassLoader listing(String... classNames) throws IOException {
    Path root = Files.createTempDirectory(dir, "cp");
    if (classNames.length > 0) {
      Path services = Files.createDirectories(root.resolve("META-INF/services"));
      Files.write(services.resolve(ImageGeneratorProvider.class.getName()), List.of(classNames));
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
    loaders.add(loader);
    return loader;
  }

  private Discovery discover(String... classNames) throws IOException {
    return Discovery.load(listing(classNames), List.of());
  }

  private ImageGeneratorProvider select(Discovery found, ClientConfig config) {
    return ImageGenerators.select(found, config, props(), environment());
  }

  private String describe(Discovery found, ClientConfig config) {
    return ImageGenerators.describe(found, config, props(), environment());
  }

  private UnaryOperator<String> props() {
    return properties::get;
  }

  private UnaryOperator<String> environment() {
    return env::get;
  }

  private static ClientConfig named(String transport) {
    return ClientConfig.builder().transport(transport).build();
  }

  @Test
  void noProviderIsAnErrorNamingBothArtifacts() throws IOException {
    Discovery found = Discovery.load(listing(), ImageGenerators.KNOWN_PROVIDERS);
    assertThat(found.providers).isEmpty();
    assertThat(found.problems).isEmpty();
    assertThatThrownBy(() -> select(found, NO_NAME))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no yandexart transport found: add io.github.yandexart:yandexart-transport-grpc"
            + " or io.github.yandexart:yandexart-transport-rest to the classpath");
  }

  @Test
  void theTestClasspathItselfHasNoProviders() {
    assertThat(ImageGenerators.providers()).isEmpty();
  }

  @Test
  void thePublicEntryPointsUseTheSameRulesOnTheRealClasspath() {
    ClientConfig config = ClientConfig.builder().build();
    assertThatThrownBy(() -> ImageGenerators.provider(config)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io.github.yandexart:yandexart-transport-");
    assertThatThrownBy(() -> ImageGenerators.create(config)).isInstanceOf(IllegalStateException.class);
    assertThat(ImageGenerators.describe()).startsWith("yandexart transports:\n  none found\n");
  }

  @Test
  void theOnlyProviderIsChosen() throws IOException {
    Discovery found = discover(REST);
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Rest.class);
  }

  @Test
  void theHighestPriorityWinsWhateverTheOrderFound() throws IOException {
    for (Discovery found : new Discovery[] {discover(REST, GRPC), discover(GRPC, REST)}) {
      assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Grpc.class);
      assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("grpc", "rest");
    }
  }

  @Test
  void aNameInTheConfigPicksThatTransport() throws IOException {
    Discovery found = discover(REST, GRPC);
    assertThat(select(found, named("rest"))).isInstanceOf(TestProviders.Rest.class);
    assertThat(select(found, named(" REST "))).isInstanceOf(TestProviders.Rest.class);
  }

  @Test
  void theSystemPropertyPicksThatTransport() throws IOException {
    properties.put("yandexart.transport", "rest");
    assertThat(select(discover(REST, GRPC), NO_NAME)).isInstanceOf(TestProviders.Rest.class);
  }

  @Test
  void theEnvironmentVariablePicksThatTransport() throws IOException {
    env.put("YANDEXART_TRANSPORT", "rest");
    assertThat(select(discover(REST, GRPC), NO_NAME)).isInstanceOf(TestProviders.Rest.class);
  }

  @Test
  void configBeatsPropertyBeatsEnvironment() throws IOException {
    Discovery found = discover(REST, GRPC);
    env.put("YANDEXART_TRANSPORT", "grpc");
    properties.put("yandexart.transport", "rest");
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Rest.class);
    assertThat(describe(found, NO_NAME)).endsWith("chosen: rest (system property yandexart.transport)");
    assertThat(select(found, named("grpc"))).isInstanceOf(TestProviders.Grpc.class);
    assertThat(describe(found, named("grpc"))).endsWith("chosen: grpc (named in ClientConfig)");
    properties.put("yandexart.transport", " ");
    env.put("YANDEXART_TRANSPORT", "rest");
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Rest.class);
    assertThat(describe(found, NO_NAME)).endsWith("chosen: rest (environment variable YANDEXART_TRANSPORT)");
  }

  @Test
  void aNamedTransportThatIsMissingIsAnErrorNamingItsArtifact() throws IOException {
    Discovery found = discover(GRPC);
    assertThatThrownBy(() -> select(found, named("rest")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transport \"rest\" was asked for (named in ClientConfig) but is not on the classpath:"
            + " add io.github.yandexart:yandexart-transport-rest (found: grpc)");
    env.put("YANDEXART_TRANSPORT", "quic");
    assertThatThrownBy(() -> select(found, NO_NAME))
        .hasMessageContaining("transport \"quic\" was asked for (environment variable YANDEXART_TRANSPORT)")
        .hasMessageContaining("add the artifact that provides it");
  }

  @Test
  void aNamedTransportThatIsNotAvailableIsAnError() throws IOException {
    Discovery found = discover(TestProviders.Unavailable.class.getName(), REST);
    assertThatThrownBy(() -> select(found, named("unavailable")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("transport \"unavailable\" was asked for (named in ClientConfig) but is not available here");
  }

  @Test
  void providersThatFailToLoadAreSkippedAndReported() throws IOException {
    Discovery found = discover(MISSING, THROWING, GRPC);
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("grpc");
    assertThat(found.problems).hasSize(2);
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Grpc.class);

    String described = describe(found, NO_NAME);
    assertThat(described)
        .contains("  grpc (priority 20, available) " + GRPC)
        .contains("skipped: ").contains(MISSING).contains(THROWING)
        .contains("missing native library libfoo")
        .endsWith("chosen: grpc (highest priority available)");
  }

  @Test
  void brokenProvidersAreNamedWhenNothingUsableIsFound() throws IOException {
    Discovery found = discover(THROWING);
    assertThatThrownBy(() -> select(found, NO_NAME))
        .hasMessageStartingWith("no yandexart transport found")
        .hasMessageContaining("skipped broken providers").hasMessageContaining(THROWING);
  }

  @Test
  void providersThatAreUnavailableOrWhoseCheckThrowsAreSkipped() throws IOException {
    Discovery found = discover(TestProviders.AvailabilityThrows.class.getName(),
        TestProviders.Unavailable.class.getName(), REST);
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("flaky", "unavailable", "rest");
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Rest.class);
    assertThat(describe(found, NO_NAME))
        .contains("  flaky (priority 100, not available)")
        .contains("  unavailable (priority 50, not available)")
        .contains("  rest (priority 10, available)");
  }

  @Test
  void onlyUnavailableProvidersMeanNoTransport() throws IOException {
    Discovery found = discover(TestProviders.Unavailable.class.getName());
    assertThatThrownBy(() -> select(found, NO_NAME)).hasMessageStartingWith("no yandexart transport found")
        .hasMessageContaining("(found: unavailable)");
    assertThat(describe(found, NO_NAME)).contains("chosen: none: no yandexart transport found");
  }

  @Test
  void aProviderWhosePriorityThrowsSortsLastAndDoesNotBreakDescribe() throws IOException {
    Discovery found = discover(TestProviders.PriorityThrows.class.getName(), REST);
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("rest", "odd");
    assertThat(describe(found, NO_NAME)).contains("odd (priority").endsWith("chosen: rest (highest priority available)");
  }

  @Test
  void aProviderWhoseNameThrowsCannotBreakSelectionByNameOrDescribe() throws IOException {
    Discovery found = discover(TestProviders.NameThrows.class.getName(), REST);
    assertThat(describe(found, NO_NAME)).contains(TestProviders.NameThrows.class.getName());
    assertThat(ImageGenerators.select(found, ClientConfig.builder().transport("rest").build(),
        k -> null, k -> null)).isInstanceOf(TestProviders.Rest.class);
  }

  @Test
  void knownProvidersAreFoundByClassNameWithoutServiceFiles() throws IOException {
    Discovery found = Discovery.load(listing(), List.of(GRPC, MISSING, REST));
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("grpc", "rest");
    assertThat(found.problems).as("a known provider that is simply absent is not a problem").isEmpty();
    assertThat(select(found, NO_NAME)).isInstanceOf(TestProviders.Grpc.class);
  }

  @Test
  void aKnownProviderThatFailsToConstructIsReportedWithItsReason() throws IOException {
    Discovery found = Discovery.load(listing(), List.of(THROWING, REST));
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("rest");
    assertThat(found.problems).singleElement().asString()
        .contains(THROWING).contains("missing native library libfoo");
  }

  @Test
  void aProviderFoundBothWaysIsListedOnce() throws IOException {
    Discovery found = Discovery.load(listing(GRPC), List.of(GRPC, REST));
    assertThat(found.providers).extracting(ImageGeneratorProvider::name).containsExactly("grpc", "rest");
  }

  @Test
  void describeWithNothingFoundSaysSo() throws IOException {
    assertThat(describe(discover(), NO_NAME))
        .startsWith("yandexart transports:\n  none found\n")
        .contains("chosen: none: no yandexart transport found");
  }

  @Test
  void aProviderPassedByHandIsUsedWithTheConfig() {
    ClientConfig config = ClientConfig.builder().folderId("b1g").build();
    ImageGenerator g = ImageGenerators.create(config, new TestProviders.Rest());
    assertThat(g).isInstanceOfSatisfying(TestProviders.MadeBy.class, m -> {
      assertThat(m.provider).isEqualTo("Rest");
      assertThat(m.config).isSameAs(config);
    });
    assertThatThrownBy(() -> ImageGenerators.create(config, new TestProviders.Unavailable()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transport \"unavailable\" is not available here");
  }
}
