package io.github.yandexart.spring;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ClientObserver;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.spi.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of yandexart-java: a {@link ClientConfig} from the {@code yandexart.*}
 * properties (unset ones fall back to the environment variables {@code ClientConfig.fromEnvironment()}
 * reads), an {@link ImageGenerator} from transport discovery (or {@code yandexart.transport}), and a
 * {@link YandexArtClient} over it, closed with the application context. Each bean backs off when the
 * application defines its own. Every {@link ClientObserver} bean is added to the client, and a
 * {@link Scheduler} bean, if there is exactly one, drives its waits.
 */
@AutoConfiguration
@EnableConfigurationProperties(YandexArtProperties.class)
public class YandexArtAutoConfiguration {
  /** The environment variables {@code ClientConfig.fromEnvironment()} and its credentials read. */
  static final List<String> ENVIRONMENT_VARIABLES = List.of(
      "YC_API_KEY", "YC_IAM_TOKEN", "YC_SERVICE_ACCOUNT_KEY_FILE", "YC_METADATA_ADDR", "YC_IAM_ENDPOINT",
      "YC_FOLDER_ID", "YANDEXART_ENDPOINT", "YANDEXART_OPERATION_ENDPOINT", "YANDEXART_DATA_LOGGING");
  private static final List<String> CREDENTIAL_VARIABLES = List.of(
      "YC_API_KEY", "YC_IAM_TOKEN", "YC_SERVICE_ACCOUNT_KEY_FILE", "YC_METADATA_ADDR");

  @Bean
  @ConditionalOnMissingBean
  public ClientConfig yandexArtClientConfig(YandexArtProperties properties, Environment environment) {
    return clientConfig(properties, environment);
  }

  /**
   * The generator of the transport discovery picks; the client bean owns and closes it, so the
   * context does not close it a second time.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public ImageGenerator yandexArtImageGenerator(ClientConfig config) {
    if (config.credentials().isEmpty()) {
      throw new YandexArtCredentialsMissingException();
    }
    return ImageGenerators.create(config);
  }

  @Bean
  @ConditionalOnMissingBean
  public YandexArtClient yandexArtClient(ImageGenerator generator, ClientConfig config,
      ObjectProvider<ClientObserver> observers, ObjectProvider<Scheduler> scheduler) {
    YandexArtClient.Builder builder = YandexArtClient.builder().generator(generator).waitPolicy(config.waitPolicy());
    config.folderId().ifPresent(builder::folderId);
    observers.orderedStream().forEach(builder::addObserver);
    scheduler.ifUnique(builder::scheduler);
    return builder.build();
  }

  static ClientConfig clientConfig(YandexArtProperties p, Environment environment) {
    boolean credentialsSet = hasText(p.getApiKey()) || hasText(p.getIamToken()) || p.getServiceAccountKeyFile() != null;
    Map<String, String> env = new HashMap<>();
    for (String name : ENVIRONMENT_VARIABLES) {
      String value = environment.getProperty(name);
      if (hasText(value) && !(credentialsSet && CREDENTIAL_VARIABLES.contains(name))) {
        env.put(name, value);
      }
    }
    ClientConfig.Builder b = ClientConfig.builder().allowInsecure(p.isAllowInsecure()).applyEnvironment(env);
    if (hasText(p.getApiKey())) {
      b.credentials(Credentials.apiKey(p.getApiKey()));
    } else if (hasText(p.getIamToken())) {
      b.credentials(Credentials.iamToken(p.getIamToken()));
    } else if (p.getServiceAccountKeyFile() != null) {
      Map<String, String> keyFile = new HashMap<>();
      keyFile.put("YC_SERVICE_ACCOUNT_KEY_FILE", p.getServiceAccountKeyFile().toString());
      if (p.getIamEndpoint() != null) {
        keyFile.put("YC_IAM_ENDPOINT", p.getIamEndpoint().toString());
      } else if (env.containsKey("YC_IAM_ENDPOINT")) {
        keyFile.put("YC_IAM_ENDPOINT", env.get("YC_IAM_ENDPOINT"));
      }
      b.credentials(Credentials.fromEnvironment(keyFile));
    }
    if (hasText(p.getFolderId())) {
      b.folderId(p.getFolderId());
    }
    if (hasText(p.getTransport())) {
      b.transport(p.getTransport());
    }
    if (p.getEndpoint() != null) {
      b.endpoint(p.getEndpoint());
    }
    if (p.getOperationEndpoint() != null) {
      b.operationEndpoint(p.getOperationEndpoint());
    }
    if (p.getIamEndpoint() != null) {
      b.iamEndpoint(p.getIamEndpoint());
    }
    if (p.getDataLogging() != null) {
      b.dataLogging(p.getDataLogging());
    }
    if (p.getConnectTimeout() != null) {
      b.connectTimeout(p.getConnectTimeout());
    }
    if (hasText(p.getProxyHost()) || p.getProxyPort() != null) {
      if (!hasText(p.getProxyHost()) || p.getProxyPort() == null) {
        throw new IllegalArgumentException("set both yandexart.proxy-host and yandexart.proxy-port, or neither");
      }
      b.proxy(p.getProxyHost(), p.getProxyPort());
    }
    if (hasText(p.getUserAgentSuffix())) {
      b.userAgentSuffix(p.getUserAgentSuffix());
    }
    if (p.getMaxResponseSize() != null) {
      b.maxResponseSize(p.getMaxResponseSize());
    }
    return b.waitPolicy(waitPolicy(p.getWait())).build();
  }

  static WaitPolicy waitPolicy(YandexArtProperties.Wait w) {
    WaitPolicy.Builder b = WaitPolicy.defaults().toBuilder();
    if (w.getInitialDelay() != null) {
      b.initialDelay(w.getInitialDelay());
    }
    if (w.getMultiplier() != null) {
      b.multiplier(w.getMultiplier());
    }
    if (w.getMaxDelay() != null) {
      b.maxDelay(w.getMaxDelay());
    }
    if (w.getJitter() != null) {
      b.jitter(w.getJitter());
    }
    if (w.getTotalBudget() != null) {
      b.totalBudget(w.getTotalBudget());
    }
    if (w.getCallTimeout() != null) {
      b.callTimeout(w.getCallTimeout());
    }
    if (w.getNotFoundTolerance() != null || w.getNotFoundWindow() != null) {
      WaitPolicy defaults = WaitPolicy.defaults();
      b.notFoundTolerance(w.getNotFoundTolerance() != null ? w.getNotFoundTolerance() : defaults.notFoundTolerance(),
          w.getNotFoundWindow() != null ? w.getNotFoundWindow() : defaults.notFoundWindow());
    }
    if (w.getMaxConsecutiveReadFailures() != null) {
      b.maxConsecutiveReadFailures(w.getMaxConsecutiveReadFailures());
    }
    if (w.getMaxSubmitAttempts() != null) {
      b.maxSubmitAttempts(w.getMaxSubmitAttempts());
    }
    if (w.getMaxReadsPerSecond() != null) {
      b.maxReadsPerSecond(w.getMaxReadsPerSecond());
    }
    if (w.getMaxSubmitsPerMinute() != null) {
      b.maxSubmitsPerMinute(w.getMaxSubmitsPerMinute());
    }
    return b.build();
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
