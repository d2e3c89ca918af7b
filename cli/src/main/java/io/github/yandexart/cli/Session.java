package io.github.yandexart.cli;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client a command talks through, and the embedded emulator behind it when asked for. {@code
 * batch}, which builds its own client (with shared quotas), takes only the {@link Target}.
 */
public final class Session implements AutoCloseable {
  /** The folder the emulator pretends to bill when none is configured. */
  static final String EMULATOR_FOLDER = "b1gemulator";
  /**
   * The side of the embedded emulator's demo images, in pixels (about 512×512): enough to see that it
   * worked, a quarter of the service's pixels and of the time to draw them.
   */
  static final int DEMO_IMAGE_SIDE = 512;
  static final String KEY_FILE = "YC_SERVICE_ACCOUNT_KEY_FILE";
  static final String IAM_ENDPOINT = "YC_IAM_ENDPOINT";

  private final YandexArtEmulator emulator;
  private final YandexArtClient client;
  private final ClientConfig config;

  private Session(Target target) {
    this.emulator = target.emulator;
    this.config = target.config;
    try {
      this.client = YandexArtClient.create(config);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * What a command talks to: its config and, with {@code --emulator}, the embedded emulator the config
   * points at, which closing the target stops.
   */
  public static final class Target implements AutoCloseable {
    private final YandexArtEmulator emulator;
    private final ClientConfig config;

    private Target(YandexArtEmulator emulator, ClientConfig config) {
      this.emulator = emulator;
      this.config = config;
    }

    public ClientConfig config() {
      return config;
    }

    @Override
    public void close() {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  /**
   * Opens a session: the config from the environment and the common flags, with {@code policy} as
   * the wait policy; with {@code --emulator}, an embedded emulator and its endpoints. When the
   * credentials are to come from {@code YC_SERVICE_ACCOUNT_KEY_FILE}, the embedded emulator trusts
   * that key and is the IAM endpoint too, so the whole JWT, IAM token, {@code Bearer} flow runs
   * locally.
   */
  static Session open(Common common, Map<String, String> env, WaitPolicy policy) {
    return new Session(target(common, env, policy));
  }

  /**
   * The config and embedded emulator {@link #open} makes its client from, for a command that makes its
   * own.
   *
   * @throws MissingCredentialsException without {@code --emulator}, when the environment has no
   *     credentials
   * @throws IllegalArgumentException a flag or variable that cannot be used, in words for the user
   */
  public static Target target(Common common, Map<String, String> env, WaitPolicy policy) {
    checkPlaintext("--endpoint", common.endpoint);
    checkPlaintext("--operation-endpoint", common.operationEndpoint);
    for (String name : new String[] {"YANDEXART_ENDPOINT", "YANDEXART_OPERATION_ENDPOINT", IAM_ENDPOINT}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        try {
          checkPlaintext(name, URI.create(value.strip()));
        } catch (IllegalArgumentException e) {
          if (e.getMessage() != null && e.getMessage().contains("plaintext")) {
            throw e;
          }
          throw new IllegalArgumentException(name + " is not a URI: " + e.getMessage(), e);
        }
      }
    }
    if (!common.emulator) {
      ClientConfig.Builder b = config(common, env, policy);
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
      return new Target(null, config);
    }
    if (common.endpoint != null || common.operationEndpoint != null) {
      throw new IllegalArgumentException("--emulator picks its own endpoints: drop --endpoint and --operation-endpoint");
    }
    Optional<Path> keyFile = serviceAccountKeyFile(env);
    // Only the side the command talks to is started (and REST for IAM when a key file is used):
    // starting gRPC's server costs a REST call a good part of its start-up, and the other way round.
    String transport = transport(common, env);
    YandexArtEmulator.Builder emulatorBuilder = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().imageSide(DEMO_IMAGE_SIDE).build())
        .serve(transport.equals("rest") || keyFile.isPresent(), transport.equals("grpc"));
    if (keyFile.isPresent()) {
      try {
        emulatorBuilder.trustServiceAccountKey(keyFile.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(KEY_FILE + ": " + e.getMessage(), e);
      }
    }
    YandexArtEmulator emulator = emulatorBuilder.build().start();
    try {
      Map<String, String> environment = env;
      if (keyFile.isPresent()) {
        // The key's JWT goes to the embedded emulator, never to the IAM endpoint the shell names.
        environment = new HashMap<>(env);
        environment.put(IAM_ENDPOINT, emulator.iamEndpoint().toString());
      }
      ClientConfig.Builder b = config(common, environment, policy);
      ClientConfig fromEnvironment = b.build();
      if (fromEnvironment.credentials().isEmpty()) {
        b.credentials(Credentials.apiKey("emulator"));
      }
      if (fromEnvironment.folderId().isEmpty()) {
        b.folderId(EMULATOR_FOLDER);
      }
      var endpoint = transport.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint();
      return new Target(emulator, b.transport(transport).endpoint(endpoint).operationEndpoint(endpoint).build());
    } catch (RuntimeException e) {
      emulator.close();
      throw e;
    }
  }

  /**
   * Refuses plaintext to anything but this machine in the CLI's words (the library's message names
   * a builder option the CLI does not have: the CLI never sends credentials in the clear).
   */
  private static void checkPlaintext(String what, URI uri) {
    if (uri != null && "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
        && !ClientConfig.isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(what + " " + uri + " is plaintext http:// to a host that is not"
          + " this machine: use https:// (plain http:// is only for an emulator on localhost)");
    }
  }

  /** The transport a command will use: {@code --transport}, else {@code YANDEXART_TRANSPORT}, else discovery's pick. */
  private static String transport(Common common, Map<String, String> env) {
    ClientConfig.Builder b = ClientConfig.builder();
    String named = common.transport != null ? common.transport : env.get("YANDEXART_TRANSPORT");
    if (named != null && !named.isBlank()) {
      b.transport(named.strip());
    }
    return ImageGenerators.provider(b.build()).name();
  }

  private static ClientConfig.Builder config(Common common, Map<String, String> env, WaitPolicy policy) {
    ClientConfig.Builder b = ClientConfig.builder().applyEnvironment(env).waitPolicy(policy);
    if (common.transport != null) {
      b.transport(common.transport);
    }
    return b;
  }

  /**
   * The key file the credentials will come from: {@code YC_SERVICE_ACCOUNT_KEY_FILE}, unless {@code
   * YC_API_KEY} or {@code YC_IAM_TOKEN} comes first (then the emulator trusts no key, and accepts any
   * token, as without a key file).
   */
  private static Optional<Path> serviceAccountKeyFile(Map<String, String> env) {
    if (isSet(env, "YC_API_KEY") || isSet(env, "YC_IAM_TOKEN") || !isSet(env, KEY_FILE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(env.get(KEY_FILE).strip()));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(KEY_FILE + " is not a valid path: " + e.getMessage(), e);
    }
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /** A wait policy from the defaults, the command's flags and, for the emulator, quicker polls. */
  static WaitPolicy policy(Common common, Duration timeout, Duration pollInterval) {
    WaitPolicy.Builder p = WaitPolicy.defaults().toBuilder();
    if (common.emulator) {
      // The embedded emulator is local and has no quota: the first reads come quickly (its operations
      // are done by the second read), so a demo is not mostly waiting.
      p.initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofSeconds(1));
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
  public static final class MissingCredentialsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingCredentialsException() {
      super("no credentials: set YC_API_KEY (a service-account API key), YC_IAM_TOKEN (an IAM token)"
          + " or YC_SERVICE_ACCOUNT_KEY_FILE (a service-account key file), or add --emulator to try"
          + " it without a cloud account");
    }
  }
}
