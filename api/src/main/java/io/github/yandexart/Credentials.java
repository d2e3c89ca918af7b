package io.github.yandexart;

import io.github.yandexart.spi.CredentialsProvider;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the {@code Authorization} header of each call comes from. Implementations never reveal the
 * secret in {@code toString()}, logs or exception messages.
 *
 * <pre>{@code
 * Credentials.apiKey(System.getenv("YC_API_KEY"));      // Authorization: Api-Key ...
 * Credentials.iamToken(tokenCache::currentToken);        // Authorization: Bearer ..., asked per call
 * Credentials.fromEnvironment();                         // YC_API_KEY, YC_IAM_TOKEN, ...
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface Credentials {

  /** The kind of secret, which decides headers such as {@code x-folder-id}. */
  enum Kind {
    /** A service-account API key: {@code Api-Key <secret>}. */
    API_KEY,
    /** An IAM token: {@code Bearer <token>}. */
    IAM_TOKEN
  }

  Kind kind();

  /**
   * The full {@code Authorization} header value for the next call, such as {@code Api-Key ...} or
   * {@code Bearer t1....}. Refreshing credentials may complete it later; it completes exceptionally
   * with an {@link ApiCallException} (code {@code UNAUTHENTICATED}) when no valid secret can be had.
   */
  CompletableFuture<String> authorization();

  /**
   * The service refused {@code rejectedAuthorization} (HTTP 401): drop it from any cache so the next
   * {@link #authorization()} fetches a fresh one. Static credentials ignore this.
   */
  default void invalidate(String rejectedAuthorization) {}

  /** Where the secret comes from, for messages: {@code "API key from YC_API_KEY"}; never the secret. */
  String describe();

  /** A service-account API key. */
  static Credentials apiKey(String apiKey) {
    return new StaticCredentials(Kind.API_KEY, "Api-Key ", requireSecret(apiKey, "API key"), "API key");
  }

  /** A fixed IAM token (it lives at most 12 hours). */
  static Credentials iamToken(String iamToken) {
    return new StaticCredentials(
        Kind.IAM_TOKEN, "Bearer ", requireSecret(iamToken, "IAM token"), "IAM token");
  }

  /**
   * An IAM token asked of {@code tokenSupplier} before every call, so the supplier can refresh it.
   * The supplier should cache: it is called once per request.
   */
  static Credentials iamToken(Supplier<String> tokenSupplier) {
    return new SupplierCredentials(Objects.requireNonNull(tokenSupplier, "tokenSupplier"));
  }

  /** {@link #fromEnvironment(Map)} over the process environment. */
  static Credentials fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Credentials from the environment, first found wins: {@code YC_API_KEY}, {@code YC_IAM_TOKEN},
   * then what a {@link CredentialsProvider} on the classpath finds ({@code yandexart-auth} reads
   * {@code YC_SERVICE_ACCOUNT_KEY_FILE} and, only when it is set, {@code YC_METADATA_ADDR}).
   *
   * @throws IllegalStateException when none is set, naming the variables to set
   */
  static Credentials fromEnvironment(Map<String, String> env) {
    return findInEnvironment(env).orElseThrow(() -> new IllegalStateException(
        "no credentials found: set YC_API_KEY (a service-account API key) or YC_IAM_TOKEN"
            + " (an IAM token), or YC_SERVICE_ACCOUNT_KEY_FILE with io.github.yandexart:yandexart-auth"
            + " on the classpath"));
  }

  /**
   * Like {@link #fromEnvironment(Map)}, but empty when the environment names no credentials; a
   * service-account key exchanges its tokens at {@code YC_IAM_ENDPOINT} (read as {@link
   * ClientConfig#fromEnvironment(Map)} reads it) or the default IAM endpoint.
   */
  static Optional<Credentials> findInEnvironment(Map<String, String> env) {
    return findInEnvironment(env,
        ClientConfig.iamEndpointIn(env, ClientConfig.DEFAULT_IAM_ENDPOINT, false));
  }

  /**
   * Like {@link #findInEnvironment(Map)}, with the IAM endpoint given ({@link
   * ClientConfig#iamEndpoint()}); {@code YC_IAM_ENDPOINT} is not read here.
   *
   * <p>{@link CredentialsProvider}s are found as transports are ({@link ImageGenerators}): with the
   * thread's context class loader, else this SDK's. One that cannot be loaded or fails in a way that is
   * not about the environment's values is skipped (and named in the error when nothing is found);
   * an {@link IllegalArgumentException} from a provider, which means a variable's value is wrong,
   * is thrown as is.
   */
  static Optional<Credentials> findInEnvironment(Map<String, String> env, URI iamEndpoint) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(iamEndpoint, "iamEndpoint");
    String apiKey = env.get("YC_API_KEY");
    if (apiKey != null && !apiKey.isBlank()) {
      return Optional.of(new StaticCredentials(
          Kind.API_KEY, "Api-Key ", apiKey.trim(), "API key from YC_API_KEY"));
    }
    String token = env.get("YC_IAM_TOKEN");
    if (token != null && !token.isBlank()) {
      return Optional.of(new StaticCredentials(
          Kind.IAM_TOKEN, "Bearer ", token.trim(), "IAM token from YC_IAM_TOKEN"));
    }
    List<String> problems = new ArrayList<>();
    for (CredentialsProvider provider : CredentialsProviders.load(problems)) {
      Optional<Credentials> found;
      try {
        found = provider.fromEnvironment(env, iamEndpoint);
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (RuntimeException | LinkageError e) {
        // Only the type: a provider's message might quote what it read.
        problems.add(provider.getClass().getName() + " failed: " + e.getClass().getName());
        continue;
      }
      if (found != null && found.isPresent()) {
        return found;
      }
    }
    for (String name : new String[] {"YC_SERVICE_ACCOUNT_KEY_FILE", "YC_METADATA_ADDR"}) {
      if (env.get(name) != null && !env.get(name).isBlank()) {
        throw new IllegalStateException(name + " is set, but reading it needs"
            + (problems.isEmpty() ? " io.github.yandexart:yandexart-auth on the classpath: add that artifact"
                : " a working credentials provider, and these were skipped: " + String.join("; ", problems)));
      }
    }
    if (!problems.isEmpty()) {
      CredentialsProviders.LOG.log(System.Logger.Level.WARNING,
          "skipped broken credentials providers: " + String.join("; ", problems));
    }
    return Optional.empty();
  }

  private static String requireSecret(String secret, String what) {
    Objects.requireNonNull(secret, what);
    if (secret.isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    return secret.trim();
  }
}

/** A fixed secret. */
final class StaticCredentials implements Credentials {
  private final Kind kind;
  private final CompletableFuture<String> header;
  private final String source;

  StaticCredentials(Kind kind, String scheme, String secret, String source) {
    this.kind = kind;
    this.header = CompletableFuture.completedFuture(scheme + secret);
    this.source = source;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public CompletableFuture<String> authorization() {
    return header.copy();
  }

  @Override
  public String describe() {
    return source;
  }

  @Override
  public String toString() {
    return "Credentials{" + source + "}";
  }
}

/** An IAM token asked of a supplier per call. */
final class SupplierCredentials implements Credentials {
  private final Supplier<String> tokens;

  SupplierCredentials(Supplier<String> tokens) {
    this.tokens = tokens;
  }

  @Override
  public Kind kind() {
    return Kind.IAM_TOKEN;
  }

  @Override
  public CompletableFuture<String> authorization() {
    String token;
    try {
      token = tokens.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          ApiCallException.builder(StatusCode.UNAUTHENTICATED, ApiCallException.Origin.CLIENT)
              .message("the IAM token supplier failed: " + e.getClass().getSimpleName())
              .build());
    }
    if (token == null || token.isBlank()) {
      return CompletableFuture.failedFuture(
          ApiCallException.builder(StatusCode.UNAUTHENTICATED, ApiCallException.Origin.CLIENT)
              .message("the IAM token supplier returned no token")
              .build());
    }
    return CompletableFuture.completedFuture("Bearer " + token.trim());
  }

  @Override
  public String describe() {
    return "IAM token from a supplier";
  }

  @Override
  public String toString() {
    return "Credentials{" + describe() + "}";
  }
}

/** Finds {@link CredentialsProvider}s without letting a broken one throw: as {@link ImageGenerators}. */
final class CredentialsProviders {
  static final System.Logger LOG = System.getLogger(Credentials.class.getName());
  /** Tried by name too, should a shaded jar have lost its {@code META-INF/services} file. */
  private static final List<String> KNOWN =
      List.of("io.github.yandexart.auth.internal.AuthCredentialsProvider");

  private CredentialsProviders() {}

  static List<CredentialsProvider> load(List<String> problems) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : Credentials.class.getClassLoader();
    Map<String, CredentialsProvider> byClass = new LinkedHashMap<>();
    Iterator<CredentialsProvider> it = ServiceLoader.load(CredentialsProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        CredentialsProvider p = it.next();
        byClass.putIfAbsent(p.getClass().getName(), p);
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        problems.add(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getClass().getName()));
      }
    }
    for (String className : KNOWN) {
      if (byClass.containsKey(className)) {
        continue;
      }
      try {
        Class<?> type = Class.forName(className, true, loader);
        byClass.put(className, (CredentialsProvider) type.getDeclaredConstructor().newInstance());
      } catch (ClassNotFoundException e) {
        // not on the classpath: nothing to report
      } catch (InvocationTargetException e) {
        problems.add(className + ": " + e.getCause().getClass().getName());
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        problems.add(className + ": " + e.getClass().getName());
      }
    }
    return List.copyOf(byClass.values());
  }
}
