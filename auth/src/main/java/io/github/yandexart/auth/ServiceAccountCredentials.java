package io.github.yandexart.auth;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.auth.internal.DelayScheduler;
import io.github.yandexart.auth.internal.Json;
import io.github.yandexart.auth.internal.Jwt;
import io.github.yandexart.auth.internal.RefreshingToken;
import io.github.yandexart.auth.internal.Token;
import io.github.yandexart.auth.internal.TokenFetchException;
import io.github.yandexart.auth.internal.TokenHttp;
import io.github.yandexart.spi.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * IAM tokens for a service account, got by signing a JWT with its {@link ServiceAccountKey} and
 * exchanging it at Yandex Cloud IAM ({@code POST /iam/v1/tokens}); the token is cached and refreshed
 * lazily (see {@code auth/README.md}: at one hour of age or with a tenth of its life left).
 *
 * <pre>{@code
 * Credentials credentials = ServiceAccountCredentials.of(ServiceAccountKey.fromFile(Path.of("key.json")));
 * // or, with YC_SERVICE_ACCOUNT_KEY_FILE set and this artifact on the classpath:
 * Credentials fromEnv = Credentials.fromEnvironment();
 * }</pre>
 *
 * <p>The JWT is PS256 (RSASSA-PSS, SHA-256, MGF1 SHA-256, 32-byte salt), header {@code kid} = key id,
 * claims {@code iss} = service account id, {@code aud} = {@link #AUDIENCE}, {@code iat} and {@code exp}
 * one hour later. Construction does no I/O. Neither the key, the JWT nor the token ever appears in
 * {@link #toString()}, logs or exception messages. Thread-safe.
 */
public final class ServiceAccountCredentials implements Credentials {
  /** The JWT's {@code aud}: what Yandex Cloud IAM expects, whichever endpoint the JWT is sent to. */
  public static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";
  /** How long a signed JWT is valid ({@code exp - iat}); IAM accepts at most one hour. */
  public static final Duration JWT_LIFETIME = Duration.ofHours(1);
  /** The variable {@link #fromEnvironment(Map, URI)} reads the key file's path from. */
  public static final String KEY_FILE_VARIABLE = "YC_SERVICE_ACCOUNT_KEY_FILE";

  private final ServiceAccountKey key;
  private final URI iamEndpoint;
  private final URI tokensUri;
  private final String description;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final RefreshingToken token;
  private volatile HttpClient httpClient;

  private ServiceAccountCredentials(Builder b) {
    this.key = b.key;
    this.iamEndpoint = ClientConfig.checkEndpoint(b.iamEndpoint, "IAM endpoint", b.allowInsecure);
    this.tokensUri = URI.create(iamEndpoint + "/iam/v1/tokens");
    this.description = "service-account key " + key.id()
        + (b.source != null ? " from " + b.source : key.file().map(f -> " from " + f).orElse(""));
    this.clock = b.clock;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.httpClient = b.httpClient;
    this.token = new RefreshingToken(this::exchange, b.clock, b.scheduler, description);
  }

  /** Credentials for {@code key} with the default IAM endpoint and timeouts. */
  public static ServiceAccountCredentials of(ServiceAccountKey key) {
    return builder(key).build();
  }

  public static Builder builder(ServiceAccountKey key) {
    return new Builder(Objects.requireNonNull(key, "key"));
  }

  /**
   * Credentials for the key file named by {@code YC_SERVICE_ACCOUNT_KEY_FILE}, exchanged at {@code
   * iamEndpoint} ({@link ClientConfig#iamEndpoint()}, which {@code YC_IAM_ENDPOINT} sets); empty when
   * the variable is unset. Reads the key file now, so that a broken one is reported at once; sends
   * nothing.
   *
   * @throws IllegalArgumentException when the file is not a usable key or 
   *     naming the variable and what to fix
   */
  public static Optional<ServiceAccountCredentials> fromEnvironment(Map<String, String> env, URI iamEndpoint) {
    String path = env.get(KEY_FILE_VARIABLE);
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    Path file;
    try {
      file = Path.of(path.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(KEY_FILE_VARIABLE + " is not a valid path: " + e.getMessage());
    }
    ServiceAccountKey key;
    try {
      key = ServiceAccountKey.fromFile(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_FILE_VARIABLE + ": " + e.getMessage());
    }
    Builder b = builder(key);
    b.source = KEY_FILE_VARIABLE;
    // Checked by the caller (ClientConfig, the one reader of YC_IAM_ENDPOINT), allowInsecure included.
    b.iamEndpoint = Objects.requireNonNull(iamEndpoint, "iamEndpoint");
    b.allowInsecure = true;
    return Optional.of(b.build());
  }

  @Override
  public Kind kind() {
    return Kind.IAM_TOKEN;
  }

  /**
   * {@code Bearer <IAM token>}: at once from the cache, or after an exchange when there is no valid
   * token. Fails with an {@link io.github.yandexart.ApiCallException} ({@code UNAUTHENTICATED},
   * origin {@code CLIENT}) that names this key and the reason when no valid token can be had.
   */
  @Override
  public CompletableFuture<String> authorization() {
    return token.authorization();
  }

  /** Drops the cached token if it is {@code rejectedAuthorization}, so the next call exchanges again. */
  @Override
  public void invalidate(String rejectedAuthorization) {
    token.invalidate(rejectedAuthorization);
  }

  /** {@code service-account key <id> from <file or variable>}. */
  @Override
  public String describe() {
    return description;
  }

  public ServiceAccountKey key() {
    return key;
  }

  /** The IAM endpoint's base URL. */
  public URI iamEndpoint() {
    return iamEndpoint;
  }

  @Override
  public String toString() {
    return "ServiceAccountCredentials{" + description + ", iamEndpoint=" + iamEndpoint + "}";
  }

  private CompletableFuture<Token> exchange() {
    Instant now = clock.instant();
    String jwt;
    try {
      jwt = Jwt.sign(key.privateKey(), key.id(), key.serviceAccountId(), AUDIENCE, now, JWT_LIFETIME);
    } catch (GeneralSecurityException e) {
      return CompletableFuture.failedFuture(new TokenFetchException(
          "could not sign a PS256 JWT with the key (" + e.getClass().getSimpleName() + ")", false));
    }
    String body = Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("jwt", jwt);
      g.writeEndObject();
    });
    HttpRequest request = HttpRequest.newBuilder(tokensUri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    String what = "the IAM endpoint " + tokensUri;
    return TokenHttp.send(client(), request, what).thenApply(reply -> read(reply, now, jwt, what));
  }

  private static Token read(HttpResponse<byte[]> reply, Instant requestedAt, String jwt, String what) {
    int status = reply.statusCode();
    if (status != 200) {
      String hint = status == 400 || status == 401 || status == 403
          ? "check that the key still exists and belongs to the service account the file names" : null;
      throw TokenHttp.httpError(what, status, reply.body(), hint, jwt);
    }
    Map<String, Object> fields;
    Optional<String> iamToken;
    Optional<String> expiresAt;
    try {
      fields = Json.readObject(reply.body());
      iamToken = Json.string(fields, "iamToken");
      expiresAt = Json.string(fields, "expiresAt");
    } catch (Json.Malformed e) {
      throw new TokenFetchException("the reply from " + what + " " + e.getMessage(), false);
    }
    if (iamToken.isEmpty() || iamToken.get().isBlank()) {
      throw new TokenFetchException("the reply from " + what + " has no iamToken", false);
    }
    if (expiresAt.isEmpty()) {
      throw new TokenFetchException("the reply from " + what + " has no expiresAt", false);
    }
    Instant expires;
    try {
      expires = OffsetDateTime.parse(expiresAt.get().strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new TokenFetchException("the reply from " + what + " has an expiresAt that is not an"
          + " RFC 3339 time", false);
    }
    if (!expires.isAfter(requestedAt)) {
      throw new TokenFetchException("the reply from " + what + " says the token expires at " + expires
          + ", which is not after this machine's time " + requestedAt + ": check the clock", false);
    }
    return new Token(iamToken.get().strip(), requestedAt, expires);
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
              .build();
          httpClient = c;
        }
      }
    }
    return c;
  }

  /** Builds {@link ServiceAccountCredentials}; not thread-safe. */
  public static final class Builder {
    private final ServiceAccountKey key;
    private URI iamEndpoint = ClientConfig.DEFAULT_IAM_ENDPOINT;
    private boolean allowInsecure;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = DelayScheduler.INSTANCE;
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private String source;

    private Builder(ServiceAccountKey key) {
      this.key = key;
    }

    /**
     * The IAM endpoint's base URL; default {@code https://iam.api.cloud.yandex.net} ({@link
     * ClientConfig#iamEndpoint()} holds the configured one). {@code http://} is accepted only for
     * loopback hosts unless {@link #allowInsecure(boolean)}.
     */
    public Builder iamEndpoint(URI iamEndpoint) {
      this.iamEndpoint = Objects.requireNonNull(iamEndpoint, "iamEndpoint");
      return this;
    }

    public Builder iamEndpoint(String iamEndpoint) {
      return iamEndpoint(URI.create(Objects.requireNonNull(iamEndpoint, "iamEndpoint")));
    }

    /** Allows a plaintext {@code http://} IAM endpoint on a host other than loopback. */
    public Builder allowInsecure(boolean allowInsecure) {
      this.allowInsecure = allowInsecure;
      return this;
    }

    /** The clock for JWT times and token ages; the system clock by default. */
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
     * The HTTP client for exchanges; by default one is made at the first exchange, with {@link
     * #connectTimeout(Duration)}. A client given here keeps its own connect timeout.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** How long to wait for a connection to the IAM endpoint; 5 s by default. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long one exchange may take in all; 10 s by default. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the IAM endpoint is not a usable base URL
     */
    public ServiceAccountCredentials build() {
      return new ServiceAccountCredentials(this);
    }
  }

  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + " must be positive");
    }
    return d;
  }
}
