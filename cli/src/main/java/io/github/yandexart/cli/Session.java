package io.github.yandexart.cli;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The client a command talks through, and the embedded emulator behind it when asked for. */
final class Session implements AutoCloseable {
  /** The folder the emulator pretends to bill when none is configured. */
  static final String EMULATOR_FOLDER = "b1gemulator";

  private final YandexArtEmulator emulator;
  private final YandexArtClient client;
  private final ClientConfig config;

  private Session(YandexArtEmulator emulator, ClientConfig config) {
    this.emulator = emulator;
    this.config = config;
    try {
      this.client = YandexArtClient.create(config);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens a session: the config from the environment and the common flags, with {@code policy} as
   * the wait policy; with {@code --emulator}, an embedded emulator and its endpoints.
   */
  static Session open(Common common, Map<String, String> env, WaitPolicy policy) {
    ClientConfig.Builder b = ClientConfig.builder().applyEnvironment(env).waitPolicy(policy);
    if (common.transport != null) {
      b.transport(common.transport);
    }
    if (!common.emulator) {
      if (common.endpoint != null) {
        b.endpoint(common.endpoint);
      }
      if (common.operationEndpoint != null) {
        b.operationEndpoint(common.operationEndpoint);
      }
      ClientConfig config = b.build();
      if (config.credentials().isEmpty()) {
        throw new MissingCredentialsException();
      }
      return new Session(null, config);
    }
    if (common.endpoint != null || common.operationEndpoint != null) {
      throw new IllegalArgumentException("--emulator picks its own endpoints: drop --endpoint and --operation-endpoint");
    }
    if (b.build().credentials().isEmpty()) {
      b.credentials(Credentials.apiKey("emulator"));
    }
    if (b.build().folderId().isEmpty()) {
      b.folderId(EMULATOR_FOLDER);
    }
    String transport = ImageGenerators.provider(b.build()).name();
    YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().build())
        .build()
        .start();
    try {
      var endpoint = transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint();
      return new Session(emulator, b.transport(transport).endpoint(endpoint).operationEndpoint(endpoint).build());
    } catch (RuntimeException e) {
      emulator.close();
      throw e;
    }
  }

  /** A wait policy from the defaults, the command's flags and, for the emulator, quicker polls. */
  static WaitPolicy policy(Common common, Duration timeout, Duration pollInterval) {
    WaitPolicy.Builder p = WaitPolicy.defaults().toBuilder();
    if (common.emulator) {
      p.initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1));
    }
    if (timeout != null) {
      p.totalBudget(timeout);
    }
    if (pollInterval != null) {
      p.initialDelay(pollInterval).maxDelay(pollInterval).multiplier(1.0);
    }
    return p.build();
  }

  YandexArtClient client() {
    return client;
  }

  ClientConfig config() {
    return config;
  }

  Optional<YandexArtEmulator> emulator() {
    return Optional.ofNullable(emulator);
  }

  @Override
  public void close() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  /** No credentials in the environment. */
  static final class MissingCredentialsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingCredentialsException() {
      super("no credentials: set YC_API_KEY (a service-account API key), YC_IAM_TOKEN (an IAM token)"
          + " or YC_SERVICE_ACCOUNT_KEY_FILE (a service-account key file), or add --emulator to try"
          + " it without a cloud account");
    }
  }
}
