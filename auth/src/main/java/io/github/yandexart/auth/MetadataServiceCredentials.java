package io.github.yandexart.auth;

import io.github.yandexart.Credentials;
import io.github.yandexart.auth.internal.DelayScheduler;
import io.github.yandexart.auth.internal.Endpoints;
import io.github.yandexart.auth.internal.Json;
import io.github.yandexart.auth.internal.RefreshingToken;
import io.github.yandexart.auth.internal.Token;
import io.github.yandexart.auth.internal.TokenFetchException;
import io.github.yandexart.auth.internal.TokenHttp;
import io.github.yandexart.spi.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * IAM tokens of the service account attached to a Yandex Cloud VM or serverless function, read from
 * the metadata service ({@code GET /computeMetadata/v1/instance/service-accounts/default/token} with
 * {@code Metadata-Flavor: Google}); the token is cached and refreshed lazily (see {@code
 * auth/README.md}: at one hour of age or with a tenth of its life left, as {@code expires_in} says).
 *
 * <pre>{@code
 * Credentials onTheVm = MetadataServiceCredentials.builder().build();       // 169.254.169.254
 * Credentials custom = MetadataServiceCredentials.builder().address("127.0.0.1:8080").build();
 * }</pre>
 *
 * <p>Nothing is sent until the first {@link #authorization()}. {@link Credentials#fromEnvironment()}
 * makes these only when {@code YC_METADATA_ADDR} is set: the SDK never probes the link-local address
 * on its own. Connections go direct, never through a proxy. Thread-safe.
 */
public final class MetadataServiceCredentials implements Credentials {
  /** The metadata service's address on Yandex Cloud VMs. */
  public static final String DEFAULT_ADDRESS = "169.254.169.254";
  /** The token's path on the metadata service. */
  public static final String TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
  /** The variable {@link #fromEnvironment(Map)} reads the address from. */
  public static final String ADDRESS_VARIABLE = "YC_METADATA_ADDR";

  private final URI base;
  private final URI tokenUri;
  private final String description;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final RefreshingToken token;
  private volatile HttpClient httpClient;

  private MetadataServiceCredentials(Builder b) {
    this.base = Endpoints.metadataAddress(b.address, b.addressSource);
    this.tokenUri = URI.create(base + TOKEN_PATH);
    this.description = "metadata service at " + base.getRawAuthority();
    this.clock = b.clock;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.httpClient = b.httpClient;
    this.token = new RefreshingToken(this::fetch, b.clock, b.scheduler, description);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Credentials from the metadata service at {@code YC_METADATA_ADDR} ({@code host}, {@code host:port}
   * or a URL such as {@code http://169.254.169.254}); empty when the variable is unset. Sends nothing.
   *
   * @throws IllegalArgumentException when the address is not usable, naming the variable
   */
  public static Optional<MetadataServiceCredentials> fromEnvironment(Map<String, String> env) {
    String address = env.get(ADDRESS_VARIABLE);
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    Builder b = builder().address(address);
    b.addressSource = ADDRESS_VARIABLE;
    return Optional.of(b.build());
  }

  @Override
  public Kind kind() {
    return Kind.IAM_TOKEN;
  }

  /**
   * {@code Bearer <IAM token>}: at once from the cache, or after asking the metadata service. Fails
   * with an {@link io.github.yandexart.ApiCallException} ({@code UNAUTHENTICATED}, origin {@code
   * CLIENT}) naming the address and the reason when no valid token can be had.
   */
  @Override
  public CompletableFuture<String> authorization() {
    return token.authorization();
  }

  /** Drops the cached token if it is {@code rejectedAuthorization}, so the next call asks again. */
  @Override
  public void invalidate(String rejectedAuthorization) {
    token.invalidate(rejectedAuthorization);
  }

  /** {@code metadata service at <host:port>}. */
  @Override
  public String describe() {
    return description;
  }

  /** The metadata service's base URL. */
  public URI address() {
    return base;
  }

  @Override
  public String toString() {
    return "MetadataServiceCredentials{" + description + "}";
  }

  private CompletableFuture<Token> fetch() {
    Instant now = clock.instant();
    HttpRequest request = HttpRequest.newBuilder(tokenUri)
        .timeout(requestTimeout)
        .header("Metadata-Flavor", "Google")
        .header("Accept", "application/json")
        .GET()
        .build();
    String what = "the " + description;
    return TokenHttp.send(client(), request, what).thenApply(reply -> read(reply, now, what));
  }

  private static Token read(HttpResponse<byte[]> reply, Instant requestedAt, String what) {
    int status = reply.statusCode();
    if (status != 200) {
      String hint = status == 404 ? "is a service account attached to this VM or function?" : null;
      throw TokenHttp.httpError(what, status, reply.body(), hint);
    }
    Map<String, Object> fields;
    Optional<String> accessToken;
    Optional<String> tokenType;
    try {
      fields = Json.readObject(reply.body());
      accessToken = Json.string(fields, "access_token");
      tokenType = Json.string(fields, "token_type");
    } catch (Json.Malformed e) {
      throw new TokenFetchException("the reply from " + what + " " + e.getMessage(), false);
    }
    if (accessToken.isEmpty() || accessToken.get().isBlank()) {
      throw new TokenFetchException("the reply from " + what + " has no access_token", false);
    }
    if (tokenType.isPresent() && !tokenType.get().strip().equalsIgnoreCase("Bearer")) {
      throw new TokenFetchException("the reply from " + what + " has a token_type other than Bearer", false);
    }
    long expiresIn = seconds(fields.get("expires_in"));
    if (expiresIn <= 0) {
      throw new TokenFetchException("the reply from " + what
          + " has no positive expires_in (seconds the token stays valid)", false);
    }
    return new Token(accessToken.get().strip(), requestedAt, requestedAt.plusSeconds(expiresIn));
  }

  /** A whole number of seconds from a JSON number or numeric string; 0 when there is none. */
  private static long seconds(Object value) {
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    if (value instanceof String) {
      try {
        return Long.parseLong(((String) value).strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private HttpClient client() {
    HttpClient c = httpClient;
    if (c == null) {
      synchronized (this) {
        c = httpClient;
        if (c == null) {
          c = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .proxy(HttpClient.Builder.NO_PROXY)
              .build();
          httpClient = c;
        }
      }
    }
    return c;
  }

  /** Builds {@link MetadataServiceCredentials}; not thread-safe. */
  public static final class Builder {
    private String address = DEFAULT_ADDRESS;
    private String addressSource = "metadata service address";
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = DelayScheduler.INSTANCE;
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Where the metadata service listens: {@code host}, {@code host:port} or a URL such as {@code
     * http://169.254.169.254}; {@value MetadataServiceCredentials#DEFAULT_ADDRESS} by default.
     */
    public Builder address(String address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The clock for token ages and expiry; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Timers for the short retries within one refresh (after 0.5 s, then 1 s); by default the JDK's
     * shared delayed executor. Tests pass a virtual-time scheduler.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The HTTP client; by default one is made at the first request, with {@link
     * #connectTimeout(Duration)} and no proxy. A client given here keeps its own settings.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** How long to wait for a connection; 1 s by default, as the service is on the local link. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = ServiceAccountCredentials.positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long one request may take in all; 5 s by default. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = ServiceAccountCredentials.positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the address is not usable
     */
    public MetadataServiceCredentials build() {
      return new MetadataServiceCredentials(this);
    }
  }
}
