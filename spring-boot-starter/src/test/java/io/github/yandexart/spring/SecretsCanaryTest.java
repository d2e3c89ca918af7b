package io.github.yandexart.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.spring.test.YandexArtFakeAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Canary credentials set as properties and as environment variables never show in {@code
 * /actuator/configprops} or {@code /actuator/env} (even set to show values), in a bean's {@code
 * toString()}, or in any log line of a generation; and the prompt never shows in a log line.
 */
class SecretsCanaryTest {
  private static final String API_KEY = "CANARY-key-" + UUID.randomUUID();
  private static final String IAM_TOKEN = "t1.CANARY-token-" + UUID.randomUUID();
  private static final String ENV_KEY = "CANARY-env-" + UUID.randomUUID();
  private static final String PROMPT = "CANARY-prompt-" + UUID.randomUUID();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(YandexArtAutoConfiguration.class,
          YandexArtActuatorAutoConfiguration.class, YandexArtFakeAutoConfiguration.class))
      .withPropertyValues("yandexart.api-key=" + API_KEY, "yandexart.iam-token=" + IAM_TOKEN,
          "YC_API_KEY=" + ENV_KEY, "YANDEXART_IAM_TOKEN=" + IAM_TOKEN, "yandexart.folder-id=b1gcanary");

  @Test
  void actuatorEndpointsShowingValuesStillMaskTheCredentials() {
    runner.run(context -> {
      String shown = configprops(context, functions(context)) + env(context, functions(context));
      assertThat(shown).contains("b1gcanary").contains("******")
          .doesNotContain(API_KEY).doesNotContain(IAM_TOKEN).doesNotContain(ENV_KEY);
    });
  }

  @Test
  void withoutTheStartersSanitizingFunctionTheSameEndpointsWouldShowThem() {
    runner.run(context -> {
      String shown = configprops(context, List.of()) + env(context, List.of());
      assertThat(shown).contains(API_KEY).contains(ENV_KEY);
    });
  }

  @Test
  void noCredentialOrPromptReachesALogLineOrAToString() {
    List<String> logs = new CopyOnWriteArrayList<>();
    SimpleFormatter format = new SimpleFormatter();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logs.add(format.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    try {
      runner.run(context -> {
        YandexArtClient client = context.getBean(YandexArtClient.class);
        client.generate(ImageGenerationRequest.of(ModelUri.of("b1gcanary"), PROMPT));
        List<String> exposed = new ArrayList<>(logs);
        for (String name : context.getBeanDefinitionNames()) {
          exposed.add(String.valueOf(context.getBean(name)));
        }
        assertThat(exposed).noneMatch(s -> s.contains(API_KEY) || s.contains(IAM_TOKEN)
            || s.contains(ENV_KEY) || s.contains(PROMPT));
      });
    } finally {
      root.removeHandler(capture);
      root.setLevel(level);
    }
  }

  private static List<SanitizingFunction> functions(AssertableApplicationContext context) {
    return context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
  }

  private static String configprops(AssertableApplicationContext context, List<SanitizingFunction> functions) {
    ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(functions, Show.ALWAYS);
    endpoint.setApplicationContext(context);
    StringBuilder s = new StringBuilder();
    endpoint.configurationProperties().getContexts().values().forEach(c -> c.getBeans().values().forEach(b ->
        s.append(b.getPrefix()).append(b.getProperties()).append(b.getInputs())));
    return s.toString();
  }

  private static String env(AssertableApplicationContext context, List<SanitizingFunction> functions) {
    EnvironmentEndpoint endpoint = new EnvironmentEndpoint(context.getEnvironment(), functions, Show.ALWAYS);
    StringBuilder s = new StringBuilder();
    endpoint.environment(null).getPropertySources().forEach(source -> source.getProperties().forEach(
        (key, value) -> s.append(key).append('=').append(value.getValue()).append('\n')));
    return s.toString();
  }
}
