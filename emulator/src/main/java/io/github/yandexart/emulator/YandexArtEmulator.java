package io.github.yandexart.emulator;

import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.emulator.internal.grpc.GrpcFrontend;
import io.github.yandexart.emulator.internal.iam.IamService;
import io.github.yandexart.emulator.internal.iam.KeyFile;
import io.github.yandexart.emulator.internal.iam.TrustedKey;
import io.github.yandexart.emulator.internal.rest.RestFrontend;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fake service on real sockets: one {@link InMemoryOperationStore} served over REST (the
 * service's JSON, as strict as its gateway) and over gRPC (the service's protos), on loopback.
 * Operations created over one protocol can be read over the other.
 *
 * <pre>{@code
 * try (YandexArtEmulator emulator = YandexArtEmulator.builder().build().start()) {
 *   ClientConfig config = ClientConfig.builder()
 *       .credentials(Credentials.apiKey("any"))
 *       .endpoint(emulator.restEndpoint())
 *       .build();
 *   ...
 * }
 * }</pre>
 *
 * <p>It also plays Yandex Cloud IAM for service-account keys it is told to trust: {@code POST
 * /iam/v1/tokens} on the REST port exchanges a JWT signed with such a key for an IAM token, and once
 * any key is trusted, {@code Bearer} tokens must be ones it issued ({@code Api-Key} still goes):
 *
 * <pre>{@code
 * YandexArtEmulator emulator = YandexArtEmulator.builder()
 *     .trustServiceAccountKey(Path.of("key.json"))
 *     .build().start();
 * Credentials credentials = ServiceAccountCredentials.builder(ServiceAccountKey.fromFile(Path.of("key.json")))
 *     .iamEndpoint(emulator.iamEndpoint())
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. Listens on 127.0.0.1 only; ports are ephemeral unless given.
 */
public final class YandexArtEmulator implements AutoCloseable {
  /** How many of the most recent requests {@link #requests()} keeps. */
  public static final int MAX_RECORDED_REQUESTS = 10_000;
  /** How many characters of request bodies {@link #requests()} keeps at most, over all its requests. */
  public static final long MAX_RECORDED_BODY_CHARS = 64L << 20;
  private static final String HOST = "127.0.0.1";

  private final EmulatorContext context;
  private final int restPort;
  private final int grpcPort;
  private final boolean serveRest;
  private final boolean serveGrpc;
  private boolean started;
  private RestFrontend rest;
  private GrpcFrontend grpc;

  private YandexArtEmulator(Builder b) {
    this.context = new EmulatorContext(b.store, new EmulatorFaults(), b.requireAuthorization,
        new IamService(b.trustedKeys, b.store.clock()));
    this.restPort = b.restPort;
    this.grpcPort = b.grpcPort;
    this.serveRest = b.serveRest;
    this.serveGrpc = b.serveGrpc;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts both sides (or the one {@link Builder#serve} names); returns this. */
  public synchronized YandexArtEmulator start() {
    if (started) {
      throw new IllegalStateException("the emulator is already started");
    }
    started = true;
    try {
      if (serveRest) {
        rest = RestFrontend.start(context, HOST, restPort);
      }
      if (serveGrpc) {
        grpc = GrpcFrontend.start(context, HOST, grpcPort);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The REST base URI, {@code http://127.0.0.1:<port>}: both generation and operation endpoint. */
  public synchronized URI restEndpoint() {
    requireStarted();
    if (rest == null) {
      throw new IllegalStateException("this emulator serves no REST: it was built with serve(false, true)");
    }
    return URI.create("http://" + HOST + ":" + rest.port());
  }

  /** The gRPC endpoint as a base URI, {@code http://127.0.0.1:<port>} (plaintext). */
  public synchronized URI grpcEndpoint() {
    requireStarted();
    if (grpc == null) {
      throw new IllegalStateException("this emulator serves no gRPC: it was built with serve(true, false)");
    }
    return URI.create("http://" + HOST + ":" + grpc.port());
  }

  /**
   * The IAM endpoint's base URI, {@code http://127.0.0.1:<port>} (the REST port): give it to
   * {@code ServiceAccountCredentials.builder(key).iamEndpoint(...)} or as {@code YC_IAM_ENDPOINT}. It
   * issues tokens only for {@linkplain Builder#trustServiceAccountKey(Path) trusted keys}.
   */
  public synchronized URI iamEndpoint() {
    return restEndpoint();
  }

  /** The ids of the service-account keys its IAM trusts, in the order given; empty for none. */
  public List<String> trustedKeyIds() {
    return context.iam().trustedKeyIds();
  }

  /** The store behind both sides: script outcomes and faults, read recorded calls. */
  public InMemoryOperationStore store() {
    return context.store();
  }

  /** Transport-level faults: slow answers, dropped connections. */
  public EmulatorFaults faults() {
    return context.faults();
  }

  /**
   * The requests received so far, with headers, oldest first: the most recent {@value
   * #MAX_RECORDED_REQUESTS}, fewer if their bodies add up to more than {@value #MAX_RECORDED_BODY_CHARS}
   * characters (the newest is always kept).
   */
  public List<RecordedRequest> requests() {
    return context.requests();
  }

  /**
   * Forgets recorded requests, store state and faults. Trusted keys and the IAM tokens issued so far
   * stay: they are set-up, and clients keep their tokens for hours.
   */
  public void reset() {
    context.clearRequests();
    context.store().reset();
    context.faults().clear();
  }

  /** Stops both sides. */
  @Override
  public synchronized void close() {
    try {
      if (rest != null) {
        rest.close();
      }
    } finally {
      if (grpc != null) {
        grpc.close();
      }
    }
  }

  private YandexArtEmulator requireStarted() {
    if (!started) {
      throw new IllegalStateException("the emulator is not started: call start()");
    }
    return this;
  }

  /** Builds a {@link YandexArtEmulator}. */
  public static final class Builder {
    private InMemoryOperationStore store;
    private int restPort;
    private int grpcPort;
    private boolean requireAuthorization = true;
    private boolean serveRest = true;
    private boolean serveGrpc = true;
    private final List<TrustedKey> trustedKeys = new ArrayList<>();

    private Builder() {}

    /** The store to serve; a fresh one with full-size images on the system clock by default. */
    public Builder store(InMemoryOperationStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The REST port; 0 (the default) picks a free one. */
    public Builder restPort(int port) {
      this.restPort = checkPort(port);
      return this;
    }

    /** The gRPC port; 0 (the default) picks a free one. */
    public Builder grpcPort(int port) {
      this.grpcPort = checkPort(port);
      return this;
    }

    /**
     * Which sides to serve (default both); a process that talks one protocol starts faster without
     * the other. IAM is on the REST side.
     *
     * @throws IllegalArgumentException when both are false
     */
    public Builder serve(boolean rest, boolean grpc) {
      if (!rest && !grpc) {
        throw new IllegalArgumentException("an emulator must serve REST, gRPC or both");
      }
      this.serveRest = rest;
      this.serveGrpc = grpc;
      return this;
    }

    /** Whether calls without a well-formed {@code Authorization} are refused (default true, as the service does). */
    public Builder requireAuthorization(boolean require) {
      this.requireAuthorization = require;
      return this;
    }

    /**
     * Trusts the service-account key in a Yandex Cloud authorized-key file (what {@code yc iam key
     * create --output key.json} writes): its {@code id}, {@code service_account_id} and {@code
     * public_key} (or, without one, the public half of {@code private_key}). Any number of keys may be
     * trusted; once one is, {@code Bearer} tokens must come from the emulator's IAM.
     *
     * @throws IllegalArgumentException when the file is missing or not a usable RSA key file, naming
     *     the file and the problem (never quoting it)
     */
    public Builder trustServiceAccountKey(Path keyFile) {
      trustedKeys.add(KeyFile.read(Objects.requireNonNull(keyFile, "keyFile")));
      return this;
    }

    /**
     * Trusts a service-account key given by its parts: JWTs with {@code kid} {@code keyId} must be
     * signed with this RSA {@code publicKey}'s private half and have {@code iss} {@code
     * serviceAccountId}.
     *
     * @throws IllegalArgumentException when an id is blank or the key is not RSA (PS256 needs RSA)
     */
    public Builder trustServiceAccountKey(String keyId, String serviceAccountId, PublicKey publicKey) {
      trustedKeys.add(TrustedKey.of(keyId, serviceAccountId, publicKey));
      return this;
    }

    /**
     * Builds the emulator.
     *
     * @throws IllegalArgumentException when one key id is trusted with two different keys
     */
    public YandexArtEmulator build() {
      if (store == null) {
        store = new InMemoryOperationStore();
      }
      return new YandexArtEmulator(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 0..65535");
      }
      return port;
    }
  }
}
