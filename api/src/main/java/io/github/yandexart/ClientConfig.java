package io.github.yandexart;

import io.github.yandexart.internal.Version;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything a transport and the client need: credentials, folder, endpoints, timeouts, the wait
 * policy and request headers. Immutable.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *     .credentials(Credentials.apiKey(System.getenv("YC_API_KEY")))
 *     .folderId("b1gexample")
 *     .build();
 * ClientConfig fromEnv = ClientConfig.fromEnvironment();   // YC_API_KEY, YC_FOLDER_ID, ...
 * }</pre>
 *
 * <p>Endpoints are base URIs: {@code https://host[:port]} means TLS, {@code http://host:port} means
 * plaintext and is accepted only for loopback hosts unless {@link Builder#allowInsecure(boolean)} is
 * set. Both transports read the same endpoints (gRPC uses the host and port, 443 by default).
 */
public final class ClientConfig {
  /** Where generations are submitted unless configured otherwise. */
  public static final URI DEFAULT_GENERATION_ENDPOINT = URI.create("https://llm.api.cloud.yandex.net");
  /** Where operations are read and cancelled unless configured otherwise. */
  public static final URI DEFAULT_OPERATION_ENDPOINT = URI.create("https://operation.api.cloud.yandex.net");
  /** Where service-account keys are exchanged for IAM tokens unless configured otherwise. */
  public static final URI DEFAULT_IAM_ENDPOINT = URI.create("https://iam.api.cloud.yandex.net");
  /** The default cap on one reply's size: 64 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_SIZE = 64L << 20;

  private final Credentials credentials;
  private final String folderId;
  private final URI generationEndpoint;
  private final URI operationEndpoint;
  // Whether the endpoints were set, so that toBuilder().endpoint(x) moves operations along with
  // generations exactly as builder().endpoint(x) does.
  private final boolean generationEndpointSet;
  private final boolean operationEndpointSet;
  private final URI iamEndpoint;
  private final String transport;
  private final Duration connectTimeout;
  private final WaitPolicy waitPolicy;
  private final Boolean dataLogging;
  private final String userAgent;
  private final Supplier<String> requestIds;
  private final boolean allowInsecure;
  private final long maxResponseSize;
  private final ProxySelector proxy;
  private final String proxyDescription;

  private ClientConfig(Builder b) {
    this.credentials = b.credentials;
    this.folderId = b.folderId;
    this.allowInsecure = b.allowInsecure;
    this.generationEndpoint = checkEndpoint(b.generationEndpoint, "generation endpoint", b.allowInsecure);
    this.operationEndpoint = checkEndpoint(
        b.operationEndpoint != null ? b.operationEndpoint
            : b.generationEndpointSet ? b.generationEndpoint : DEFAULT_OPERATION_ENDPOINT,
        "operation endpoint", b.allowInsecure);
    this.generationEndpointSet = b.generationEndpointSet;
    this.operationEndpointSet = b.operationEndpoint != null;
    this.iamEndpoint = checkEndpoint(b.iamEndpoint, "IAM endpoint", b.allowInsecure);
    this.transport = b.transport;
    this.connectTimeout = b.connectTimeout;
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout " + connectTimeout + " must be positive");
    }
    this.waitPolicy = b.waitPolicy;
    this.dataLogging = b.dataLogging;
    this.userAgent = b.userAgentSuffix == null ? Version.userAgent()
        : Version.userAgent() + " " + b.userAgentSuffix;
    this.requestIds = b.requestIds;
    if (b.maxResponseSize < 1024) {
      throw new IllegalArgumentException(
          "maxResponseSize " + b.maxResponseSize + " is too small: use at least 1024 bytes"
              + " (a real image reply is about 1.6 MB; the default is 64 MiB)");
    }
    this.maxResponseSize = b.maxResponseSize;
    this.proxy = b.proxy;
    this.proxyDescription = b.proxyDescription;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@link #fromEnvironment(Map)} over the process environment. */
  public static ClientConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * A config from environment variables: credentials as {@link Credentials#findInEnvironment(Map)}
   * finds them, {@code YC_FOLDER_ID}, {@code YANDEXART_ENDPOINT}, {@code
   * YANDEXART_OPERATION_ENDPOINT}, {@code YC_IAM_ENDPOINT} and {@code YANDEXART_DATA_LOGGING}
   * ({@code true} or {@code false}). Unset variables keep the defaults. This is the one place that
   * reads {@code YC_IAM_ENDPOINT}: credentials found here (a service-account key) use {@link
   * #iamEndpoint()}.
   */
  public static ClientConfig fromEnvironment(Map<String, String> env) {
    return builder().applyEnvironment(env).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.credentials = credentials;
    b.folderId = folderId;
    b.generationEndpoint = generationEndpoint;
    b.generationEndpointSet = generationEndpointSet;
    b.operationEndpoint = operationEndpointSet ? operationEndpoint : null;
    b.iamEndpoint = iamEndpoint;
    b.transport = transport;
    b.connectTimeout = connectTimeout;
    b.waitPolicy = waitPolicy;
    b.dataLogging = dataLogging;
    b.userAgentSuffix = userAgent.equals(Version.userAgent()) ? null
        : userAgent.substring(Version.userAgent().length() + 1);
    b.requestIds = requestIds;
    b.allowInsecure = allowInsecure;
    b.maxResponseSize = maxResponseSize;
    b.proxy = proxy;
    b.proxyDescription = proxyDescription;
    return b;
  }

  public Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** The credentials, or an error that says how to give some; for transports. */
  public Credentials requireCredentials() {
    if (credentials == null) {
      throw new IllegalStateException("no credentials configured: set YC_API_KEY, YC_IAM_TOKEN or"
          + " YC_SERVICE_ACCOUNT_KEY_FILE (the last needs io.github.yandexart:yandexart-auth) and use"
          + " ClientConfig.fromEnvironment(), or call ClientConfig.builder().credentials(...)");
    }
    return credentials;
  }

  /** The folder to bill ({@code x-folder-id}, sent with IAM tokens). */
  public Optional<String> folderId() {
    return Optional.ofNullable(folderId);
  }

  /**
   * The {@code x-folder-id} value a transport sends with each call: the folder id when the
   * credentials are IAM tokens, empty otherwise (an API key already belongs to a service account
   * in its folder). The one place this rule lives.
   */
  public Optional<String> folderIdHeader() {
    return credentials != null && credentials.kind() == Credentials.Kind.IAM_TOKEN
        ? Optional.ofNullable(folderId) : Optional.empty();
  }

  public URI generationEndpoint() {
    return generationEndpoint;
  }

  public URI operationEndpoint() {
    return operationEndpoint;
  }

  /**
   * Where credentials that need one exchange secrets for IAM tokens ({@code YC_IAM_ENDPOINT}); the
   * {@link Credentials} that {@link #fromEnvironment(Map)} finds use this value.
   */
  public URI iamEndpoint() {
    return iamEndpoint;
  }

  /**
   * The HTTP(S) proxy both transports connect through, set with {@link Builder#proxy(String, int)} or
   * {@link Builder#proxy(ProxySelector)}; empty means the JVM's default, which follows the {@code
   * https.proxyHost}/{@code https.proxyPort} system properties (and {@code http.nonProxyHosts}).
   */
  public Optional<ProxySelector> proxy() {
    return Optional.ofNullable(proxy);
  }

  /**
   * The HTTP proxy for {@code endpoint}: the configured {@link #proxy()}, else the JVM's default
   * selector; empty for a direct connection. For transports.
   */
  public Optional<InetSocketAddress> proxyFor(URI endpoint) {
    ProxySelector selector = proxy != null ? proxy : ProxySelector.getDefault();
    if (selector == null) {
      return Optional.empty();
    }
    List<Proxy> proxies;
    try {
      proxies = selector.select(URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (proxies == null) {
      return Optional.empty();
    }
    return proxies.stream()
        .filter(p -> p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress)
        .map(p -> (InetSocketAddress) p.address())
        .findFirst();
  }

  /** The transport asked for by name ({@code "rest"}, {@code "grpc"}); empty lets discovery choose. */
  public Optional<String> transport() {
    return Optional.ofNullable(transport);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public WaitPolicy waitPolicy() {
    return waitPolicy;
  }

  /** The value of {@code x-data-logging-enabled} to send; empty sends no header (the service logs). */
  public Optional<Boolean> dataLogging() {
    return Optional.ofNullable(dataLogging);
  }

  /** {@code yandexart-java/<version> java/<version>}, plus any suffix the user added. */
  public String userAgent() {
    return userAgent;
  }

  /** Mixed into every default request id: unique to this JVM, so that two processes never share ids. */
  private static final long[] REQUEST_ID_SALT = new java.security.SecureRandom().longs(2).toArray();

  /**
   * A random (version 4) UUID as text, like {@code UUID.randomUUID().toString()} but without a
   * {@code SecureRandom} call per id, whose lock all calling threads share: {@link
   * java.util.concurrent.ThreadLocalRandom} bits, salted once per JVM from {@code SecureRandom}. A
   * request id is for matching logs, not a secret.
   */
  static String randomRequestId() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() ^ REQUEST_ID_SALT[0]) & ~0xF000L | 0x4000L;
    long low = (random.nextLong() ^ REQUEST_ID_SALT[1]) & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** A fresh {@code x-client-request-id} for one call. */
  public String newClientRequestId() {
    return requestIds.get();
  }

  /** Whether {@code http://} endpoints are allowed for hosts other than loopback. */
  public boolean allowInsecure() {
    return allowInsecure;
  }

  /** The largest reply a transport accepts, in bytes. */
  public long maxResponseSize() {
    return maxResponseSize;
  }

  /** Whether {@code uri} is plaintext ({@code http://}). */
  public static boolean isPlaintext(URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme());
  }

  /** The port of an endpoint, with the scheme's default. */
  public static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : isPlaintext(uri) ? 80 : 443;
  }

  @Override
  public String toString() {
    return "ClientConfig{credentials=" + (credentials == null ? "none" : credentials.describe())
        + ", folderId=" + folderId + ", generationEndpoint=" + generationEndpoint
        + ", operationEndpoint=" + operationEndpoint + ", transport=" + transport
        + ", connectTimeout=" + connectTimeout + ", waitPolicy=" + waitPolicy
        + ", dataLogging=" + dataLogging + ", allowInsecure=" + allowInsecure
        + ", maxResponseSize=" + maxResponseSize
        + (proxyDescription == null ? "" : ", proxy=" + proxyDescription) + "}";
  }

  /**
   * The base URI {@code uri} as {@code scheme://host[:port]}, checked as every endpoint of the SDK is
   * (the generation, operation and IAM endpoints here, and the credentials' own): {@code https://},
   * or {@code http://} for loopback hosts (any host with {@code allowInsecure}); a host; no path,
   * query, fragment or user information.
   *
   * @param what names the setting in messages, such as {@code "IAM endpoint"} or {@code
   *     "YC_IAM_ENDPOINT"}
   * @throws IllegalArgumentException saying what to fix (never repeating user information, which may
   *     hold a password)
   */
  public static URI checkEndpoint(URI uri, String what, boolean allowInsecure) {
    Objects.requireNonNull(uri, what);
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + " has user information in it: give only scheme, host"
          + " and port, such as https://llm.api.cloud.yandex.net");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          what + " " + uri + " must start with https:// (or http:// for a local emulator)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + " " + uri + " has no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(what + " " + uri
          + " has a query or fragment: give only scheme, host and port");
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException(what + " " + uri
          + " has a path: give only the base, such as https://llm.api.cloud.yandex.net");
    }
    if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(what + " " + uri + " is plaintext http:// to a host that is"
          + " not loopback: use https://, or set allowInsecure(true) if you really mean it");
    }
    return URI.create(scheme + "://" + uri.getRawAuthority());
  }

  /** Whether {@code host} is a loopback name or literal; never resolves a name. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
  }

  /** Builds a {@link ClientConfig}; not thread-safe. */
  public static final class Builder {
    private Credentials credentials;
    private String folderId;
    private URI generationEndpoint = DEFAULT_GENERATION_ENDPOINT;
    private boolean generationEndpointSet;
    private URI operationEndpoint;
    private URI iamEndpoint = DEFAULT_IAM_ENDPOINT;
    private String transport;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private WaitPolicy waitPolicy = WaitPolicy.defaults();
    private Boolean dataLogging;
    private String userAgentSuffix;
    private Supplier<String> requestIds = ClientConfig::randomRequestId;
    private boolean allowInsecure;
    private long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
    private ProxySelector proxy;
    private String proxyDescription;

    private Builder() {}

    public Builder credentials(Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder folderId(String folderId) {
      this.folderId = folderId == null || folderId.isBlank() ? null : folderId.trim();
      return this;
    }

    /** Sets the generation endpoint, and the operation endpoint too unless that is set on its own. */
    public Builder endpoint(URI endpoint) {
      this.generationEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.generationEndpointSet = true;
      return this;
    }

    public Builder endpoint(String endpoint) {
      return endpoint(URI.create(endpoint));
    }

    public Builder generationEndpoint(URI endpoint) {
      return endpoint(endpoint);
    }

    public Builder operationEndpoint(URI endpoint) {
      this.operationEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public Builder operationEndpoint(String endpoint) {
      return operationEndpoint(URI.create(endpoint));
    }

    public Builder iamEndpoint(URI endpoint) {
      this.iamEndpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Asks discovery for this transport by name ({@code "rest"} or {@code "grpc"}). */
    public Builder transport(String transport) {
      this.transport = transport == null || transport.isBlank() ? null : transport.trim();
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    public Builder waitPolicy(WaitPolicy waitPolicy) {
      this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
      return this;
    }

    /** Sends {@code x-data-logging-enabled: <enabled>}; {@code null} sends no header. */
    public Builder dataLogging(Boolean enabled) {
      this.dataLogging = enabled;
      return this;
    }

    /** Appended to the SDK's {@code User-Agent}, such as {@code my-app/1.2}. */
    public Builder userAgentSuffix(String suffix) {
      this.userAgentSuffix = suffix == null || suffix.isBlank() ? null : suffix.trim();
      return this;
    }

    /** Where {@code x-client-request-id} values come from; random (version 4) UUIDs by default. */
    public Builder requestIdSupplier(Supplier<String> requestIds) {
      this.requestIds = Objects.requireNonNull(requestIds, "requestIds");
      return this;
    }

    /** Allows plaintext {@code http://} endpoints on hosts other than loopback. */
    public Builder allowInsecure(boolean allowInsecure) {
      this.allowInsecure = allowInsecure;
      return this;
    }

    public Builder maxResponseSize(long bytes) {
      this.maxResponseSize = bytes;
      return this;
    }

    /**
     * Connects both transports through the HTTP proxy at {@code host:port} ({@code CONNECT} for
     * {@code https://} endpoints and gRPC), for every endpoint, loopback included.
     */
    public Builder proxy(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("proxy " + host + ":" + port
            + " is not a host and a port from 1 to 65535");
      }
      InetSocketAddress address = InetSocketAddress.createUnresolved(host.trim(), port);
      this.proxy = ProxySelector.of(address);
      this.proxyDescription = host.trim() + ":" + port;
      return this;
    }

    /**
     * Asks {@code selector} which HTTP proxy to use for each endpoint (the first {@link
     * Proxy.Type#HTTP} answer; {@link Proxy#NO_PROXY} connects directly); {@code null} restores the
     * JVM default ({@link ProxySelector#getDefault()}, which reads {@code https.proxyHost}).
     */
    public Builder proxy(ProxySelector selector) {
      this.proxy = selector;
      this.proxyDescription = selector == null ? null : selector.getClass().getName();
      return this;
    }

    /** Applies what {@link ClientConfig#fromEnvironment(Map)} reads; unset variables change nothing. */
    public Builder applyEnvironment(Map<String, String> env) {
      // First, so that credentials found in the environment exchange tokens where this config says.
      iamEndpoint(iamEndpointIn(env, iamEndpoint, allowInsecure));
      Credentials.findInEnvironment(env, checkEndpoint(iamEndpoint, "IAM endpoint", allowInsecure))
          .ifPresent(this::credentials);
      String folder = env.get("YC_FOLDER_ID");
      if (folder != null && !folder.isBlank()) {
        folderId(folder);
      }
      String endpoint = env.get("YANDEXART_ENDPOINT");
      if (endpoint != null && !endpoint.isBlank()) {
        endpoint(URI.create(endpoint.trim()));
      }
      String operations = env.get("YANDEXART_OPERATION_ENDPOINT");
      if (operations != null && !operations.isBlank()) {
        operationEndpoint(URI.create(operations.trim()));
      }
      String logging = env.get("YANDEXART_DATA_LOGGING");
      if (logging != null && !logging.isBlank()) {
        String v = logging.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException(
              "YANDEXART_DATA_LOGGING is \"" + logging + "\": set it to true or false");
        }
        dataLogging(Boolean.valueOf(v));
      }
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(this);
    }

  }

  /** {@code YC_IAM_ENDPOINT} from {@code env}, checked, else {@code fallback}: the one reader of it. */
  static URI iamEndpointIn(Map<String, String> env, URI fallback, boolean allowInsecure) {
    String iam = env.get("YC_IAM_ENDPOINT");
    if (iam == null || iam.isBlank()) {
      return fallback;
    }
    URI uri;
    try {
      uri = new URI(iam.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("YC_IAM_ENDPOINT \"" + iam.strip()
          + "\" is not a URL: give one such as https://iam.api.cloud.yandex.net");
    }
    return checkEndpoint(uri, "YC_IAM_ENDPOINT", allowInsecure);
  }
}
