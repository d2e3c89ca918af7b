package io.github.yandexart.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.TestServiceAccountKey;
import io.github.yandexart.micrometer.YandexArtMetrics;
import io.github.yandexart.micrometer.YandexArtObservations;
import io.github.yandexart.spring.test.YandexArtFakeAutoConfiguration;
import io.github.yandexart.testkit.FakeImageGenerator;
import io.github.yandexart.testkit.VirtualScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class YandexArtAutoConfigurationTest {
  /** Blank values hide whatever the machine's environment holds, so each test sees only its own. */
  private static final String[] NO_ENVIRONMENT = {
      "YC_API_KEY=", "YC_IAM_TOKEN=", "YC_SERVICE_ACCOUNT_KEY_FILE=", "YC_METADATA_ADDR=", "YC_FOLDER_ID=",
      "YANDEXART_ENDPOINT=", "YANDEXART_OPERATION_ENDPOINT=", "YANDEXART_DATA_LOGGING=", "YC_IAM_ENDPOINT="};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(YandexArtAutoConfiguration.class,
          YandexArtMicrometerAutoConfiguration.class, YandexArtActuatorAutoConfiguration.class))
      .withPropertyValues(NO_ENVIRONMENT);

  private static final String LOCAL = "yandexart.endpoint=http://127.0.0.1:1";

  @Test
  void withoutCredentialsStartupFailsNamingThePropertyToSet() {
    runner.run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOf(YandexArtCredentialsMissingException.class)
          .hasMessageContaining("yandexart.api-key")
          .hasMessageContaining("YC_API_KEY");
      FailureAnalysis analysis = new YandexArtCredentialsFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getAction()).contains("yandexart.api-key", "YC_API_KEY", "@AutoConfigureYandexArtFake");
      List<String> factories = new ArrayList<>();
      for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
        try (InputStream in = url.openStream()) {
          factories.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      assertThat(factories).as("registered, so Spring Boot prints the analysis").anyMatch(f ->
          f.contains(FailureAnalyzer.class.getName()) && f.contains(YandexArtCredentialsFailureAnalyzer.class.getName()));
    });
  }

  @Test
  void propertiesMakeTheConfigTheGeneratorAndTheClient() {
    runner.withPropertyValues("yandexart.api-key=CANARY-key", "yandexart.folder-id=b1gprops", LOCAL,
            "yandexart.operation-endpoint=http://127.0.0.1:2", "yandexart.data-logging=false",
            "yandexart.iam-endpoint=http://127.0.0.1:5", "yandexart.proxy-host=proxy.example",
            "yandexart.proxy-port=3128", "yandexart.connect-timeout=3s", "yandexart.user-agent-suffix=posters/1.0",
            "yandexart.max-response-size=2000000", "yandexart.wait.total-budget=5m",
            "yandexart.wait.initial-delay=200ms", "yandexart.wait.max-submits-per-minute=100",
            "yandexart.wait.jitter=0", "yandexart.wait.not-found-window=30s")
        .run(context -> {
          assertThat(context).hasSingleBean(ClientConfig.class).hasSingleBean(ImageGenerator.class)
              .hasSingleBean(YandexArtClient.class);
          ClientConfig config = context.getBean(ClientConfig.class);
          assertThat(config.credentials()).get().extracting(Credentials::kind).isEqualTo(Credentials.Kind.API_KEY);
          assertThat(config.folderId()).contains("b1gprops");
          assertThat(config.generationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
          assertThat(config.operationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
          assertThat(config.dataLogging()).contains(false);
          assertThat(config.iamEndpoint()).isEqualTo(URI.create("http://127.0.0.1:5"));
          assertThat(config.proxyFor(URI.create("https://llm.api.cloud.yandex.net")))
              .get().extracting(a -> a.getHostString() + ":" + a.getPort()).isEqualTo("proxy.example:3128");
          assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(config.userAgent()).endsWith(" posters/1.0");
          assertThat(config.maxResponseSize()).isEqualTo(2_000_000);
          assertThat(config.waitPolicy().totalBudget()).isEqualTo(Duration.ofMinutes(5));
          assertThat(config.waitPolicy().initialDelay()).isEqualTo(Duration.ofMillis(200));
          assertThat(config.waitPolicy().maxSubmitsPerMinute()).isEqualTo(100);
          assertThat(config.waitPolicy().jitter()).isZero();
          assertThat(config.waitPolicy().notFoundWindow()).isEqualTo(Duration.ofSeconds(30));
          assertThat(config.waitPolicy().notFoundTolerance()).isEqualTo(WaitPolicy.defaults().notFoundTolerance());
          assertThat(context.getBean(YandexArtClient.class).waitPolicy()).isEqualTo(config.waitPolicy());
          assertThat(config.toString()).doesNotContain("CANARY");
        });
  }

  @Test
  void aServiceAccountKeyFileMakesRefreshingIamTokenCredentials(@TempDir Path dir) {
    TestServiceAccountKey key = TestServiceAccountKey.generate();
    Path keyFile = key.writeTo(dir.resolve("key.json"));
    runner.withPropertyValues("yandexart.service-account-key-file=" + keyFile, LOCAL,
            "yandexart.iam-endpoint=http://127.0.0.1:6")
        .run(context -> {
          Credentials credentials = context.getBean(ClientConfig.class).credentials().orElseThrow();
          assertThat(credentials.kind()).isEqualTo(Credentials.Kind.IAM_TOKEN);
          assertThat(credentials.describe()).contains("service-account key " + key.keyId()).doesNotContain("PRIVATE");
        });
  }

  @Test
  void unsetPropertiesFallBackToTheEnvironmentVariables() {
    runner.withPropertyValues("YC_IAM_TOKEN=t1.CANARY", "YC_FOLDER_ID=b1genv",
            "YANDEXART_ENDPOINT=http://127.0.0.1:3", "YANDEXART_DATA_LOGGING=true")
        .run(context -> {
          ClientConfig config = context.getBean(ClientConfig.class);
          assertThat(config.credentials()).get().extracting(Credentials::kind).isEqualTo(Credentials.Kind.IAM_TOKEN);
          assertThat(config.folderId()).contains("b1genv");
          assertThat(config.generationEndpoint()).isEqualTo(URI.create("http://127.0.0.1:3"));
          assertThat(config.dataLogging()).contains(true);
        });
  }

  @Test
  void aPropertyWinsOverItsEnvironmentVariable() {
    runner.withPropertyValues("YC_IAM_TOKEN=t1.env", "YC_FOLDER_ID=b1genv", "yandexart.api-key=key",
            "yandexart.folder-id=b1gprops", LOCAL)
        .run(context -> {
          ClientConfig config = context.getBean(ClientConfig.class);
          assertThat(config.credentials()).get().extracting(Credentials::kind).isEqualTo(Credentials.Kind.API_KEY);
          assertThat(config.folderId()).contains("b1gprops");
        });
  }

  @Test
  void theTransportIsChosenByProperty() {
    ApplicationContextRunner withKey = runner.withPropertyValues("yandexart.api-key=key", LOCAL);
    withKey.withPropertyValues("yandexart.transport=rest").run(context ->
        assertThat(context.getBean(ImageGenerator.class).getClass().getSimpleName()).isEqualTo("RestImageGenerator"));
    withKey.withPropertyValues("yandexart.transport=grpc").run(context ->
        assertThat(context.getBean(ImageGenerator.class).getClass().getSimpleName()).isEqualTo("GrpcImageGenerator"));
    withKey.withPropertyValues("yandexart.transport=carrier-pigeon").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("carrier-pigeon"));
  }

  @Configuration(proxyBeanMethods = false)
  static class UsersGenerator {
    @Bean
    FakeImageGenerator myGenerator() {
      return FakeImageGenerator.create();
    }
  }

  @Test
  void theUsersGeneratorWinsAndNeedsNoCredentials() {
    runner.withUserConfiguration(UsersGenerator.class).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ImageGenerator.class);
      assertThat(context.getBean(YandexArtClient.class).generator()).isSameAs(context.getBean("myGenerator"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class UsersConfigAndClient {
    @Bean
    ClientConfig myConfig() {
      return ClientConfig.builder().credentials(Credentials.apiKey("mine")).folderId("b1gmine")
          .endpoint("http://127.0.0.1:4").build();
    }

    @Bean
    YandexArtClient myClient() {
      return YandexArtClient.create(FakeImageGenerator.create());
    }
  }

  @Test
  void theUsersConfigAndClientWin() {
    runner.withPropertyValues("yandexart.folder-id=b1gprops")
        .withUserConfiguration(UsersConfigAndClient.class).run(context -> {
          assertThat(context).hasSingleBean(ClientConfig.class).hasSingleBean(YandexArtClient.class);
          assertThat(context.getBean(ClientConfig.class).folderId()).contains("b1gmine");
          assertThat(context.getBean(YandexArtClient.class)).isSameAs(context.getBean("myClient"));
        });
  }

  @Test
  void theClientIsClosedWithTheContext() {
    runner.withUserConfiguration(UsersGenerator.class).run(context -> {
      YandexArtClient client = context.getBean(YandexArtClient.class);
      FakeImageGenerator fake = context.getBean(FakeImageGenerator.class);
      context.close();
      assertThat(fake.isClosed()).isTrue();
      assertThatThrownBy(() -> client.submit(ImageGenerationRequest.of(ModelUri.of("b1g"), "x")))
          .isInstanceOf(IllegalStateException.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Registries {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    ObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }
  }

  @Test
  void metricsAndObservationsAreRegisteredWhenTheirRegistriesExist() {
    runner.withConfiguration(AutoConfigurations.of(YandexArtFakeAutoConfiguration.class))
        .withUserConfiguration(Registries.class).run(context -> {
          assertThat(context).hasSingleBean(YandexArtMetrics.class).hasSingleBean(YandexArtObservations.class);
          // the fake's default: done after two reads, waited for on the auto-advancing virtual clock
          VirtualScheduler time = context.getBean(VirtualScheduler.class);
          Instant start = time.now();
          context.getBean(YandexArtClient.class).generate(ImageGenerationRequest.of(ModelUri.of("b1g"), "a red cat"));
          assertThat(Duration.between(start, time.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get(YandexArtMetrics.POLLS).counter().count()).isEqualTo(2);
          assertThat(meters.get(YandexArtMetrics.GENERATIONS).tag("outcome", "succeeded").timer().count()).isEqualTo(1);
          assertThat(meters.get(YandexArtMetrics.CALLS).tag("method", "submit").timer().count()).isEqualTo(1);
          TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
              .hasNumberOfObservationsWithNameEqualTo("yandexart.generation", 1)
              .hasNumberOfObservationsWithNameEqualTo("yandexart.call", 3);
        });
  }

  @Test
  void eachPartOfTheInstrumentationCanBeSwitchedOff() {
    runner.withUserConfiguration(UsersGenerator.class, Registries.class)
        .withPropertyValues("yandexart.micrometer.observations=false").run(context ->
            assertThat(context).hasSingleBean(YandexArtMetrics.class).doesNotHaveBean(YandexArtObservations.class));
    runner.withUserConfiguration(UsersGenerator.class, Registries.class)
        .withPropertyValues("yandexart.micrometer.metrics=false").run(context ->
            assertThat(context).doesNotHaveBean(YandexArtMetrics.class).hasSingleBean(YandexArtObservations.class));
  }

  @Test
  void withoutRegistriesOrWithoutMicrometerNoInstrumentation() {
    runner.withUserConfiguration(UsersGenerator.class).run(context ->
        assertThat(context).doesNotHaveBean(YandexArtMetrics.class).doesNotHaveBean(YandexArtObservations.class));
    runner.withUserConfiguration(UsersGenerator.class, Registries.class)
        .withClassLoader(new FilteredClassLoader(YandexArtMetrics.class)).run(context ->
            assertThat(context).hasNotFailed().doesNotHaveBean(YandexArtMetrics.class));
  }
}
