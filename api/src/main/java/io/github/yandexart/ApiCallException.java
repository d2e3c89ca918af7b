package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A call to the service failed: the server answered with an error, or the call never got an answer
 * (network, timeout, a reply that could not be read). Carries the status code, the HTTP status where
 * there is one, the request ids to quote to support, where the failure happened ({@link #origin()},
 * which decides whether repeating the call is safe) and whether repeating it could help at all
 * ({@link #isPermanent()}).
 *
 * <p>Server-supplied text is untrusted: the message keeps at most {@link
 * OperationStatus#MAX_MESSAGE_LENGTH} chars of it, the rest replaced by {@code …[cut N chars]}.
 */
public class ApiCallException extends YandexArtException {
  private static final long serialVersionUID = 1L;

  /** Where a call failed; decides whether a non-idempotent call may be repeated. */
  public enum Origin {
    /** The server answered with an error status: it saw the request and refused it. */
    SERVER,
    /** No connection was made (refused, unresolvable host, TLS handshake): the request never left. */
    CONNECT,
    /** The connection failed or timed out after the request may have been sent: the outcome is unknown. */
    TRANSPORT,
    /** The call failed on this side before anything was sent (credentials, configuration). */
    CLIENT
  }

  private final StatusCode code;
  private final Origin origin;
  private final transient OperationStatus status;
  private final Integer httpStatus;
  private final String requestId;
  private final String serverTraceId;
  private final String clientRequestId;
  private final Duration retryAfter;
  private final String detail;
  private final boolean permanent;

  protected ApiCallException(Builder b) {
    super(message(b), b.operationId, b.cause);
    this.detail = ServerText.cap(b.message);
    this.permanent = b.permanent;
    this.code = b.code;
    this.origin = b.origin;
    this.status = b.status;
    this.httpStatus = b.httpStatus;
    this.requestId = b.requestId != null ? b.requestId
        : b.status != null ? b.status.requestId().orElse(null) : null;
    this.serverTraceId = b.serverTraceId;
    this.clientRequestId = b.clientRequestId;
    this.retryAfter = b.retryAfter;
  }

  private static String message(Builder b) {
    StringBuilder s = new StringBuilder();
    if (b.operationId != null) {
      s.append("operation ").append(b.operationId).append(": ");
    }
    s.append(b.code.name());
    if (b.httpStatus != null) {
      s.append(" (HTTP ").append(b.httpStatus).append(')');
    }
    String detail = b.message != null ? ServerText.cap(b.message) : b.status != null ? b.status.message() : "";
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    String requestId = b.requestId != null ? b.requestId
        : b.status != null ? b.status.requestId().orElse(null) : null;
    if (requestId != null) {
      s.append(" [request id ").append(requestId).append(']');
    } else if (b.clientRequestId != null) {
      s.append(" [client request id ").append(b.clientRequestId).append(']');
    }
    return s.toString();
  }

  public static Builder builder(StatusCode code, Origin origin) {
    return new Builder(code, origin);
  }

  public StatusCode code() {
    return code;
  }

  public Origin origin() {
    return origin;
  }

  /** The google.rpc.Status the server sent, if it sent one. */
  public Optional<OperationStatus> status() {
    return Optional.ofNullable(status);
  }

  public OptionalInt httpStatus() {
    return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** The server's request id ({@code x-request-id} or a RequestInfo detail): quote it to support. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  public Optional<String> serverTraceId() {
    return Optional.ofNullable(serverTraceId);
  }

  /** The {@code x-client-request-id} this SDK sent with the call. */
  public Optional<String> clientRequestId() {
    return Optional.ofNullable(clientRequestId);
  }

  /** How long the server asked to wait before trying again ({@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * True when the same call would get the same answer: the server answered, but with something that
   * will never read differently (a body over the size cap, nesting too deep, invalid base64, an
   * operation with both {@code error} and {@code response}). Such a failure is never retried. Set by
   * transports with {@link Builder#permanent(boolean)}; independent of {@link #origin()} (an answer
   * to a submit that could not be used still means the service accepted the submit).
   */
  public boolean isPermanent() {
    return permanent;
  }

  /**
   * True when the service provably did not accept the request, so even a non-idempotent call (submit)
   * may be repeated: no connection was made, or the server answered RESOURCE_EXHAUSTED (429) or
   * UNAVAILABLE (503); never when {@link #isPermanent()}.
   */
  public boolean isProvablyNotAccepted() {
    return !permanent && (origin == Origin.CONNECT
        || origin == Origin.SERVER
            && (code == StatusCode.RESOURCE_EXHAUSTED || code == StatusCode.UNAVAILABLE));
  }

  /**
   * True when repeating an idempotent call (an operation read) may succeed: a network failure or a
   * server answer of UNAVAILABLE, RESOURCE_EXHAUSTED or INTERNAL; never when {@link #isPermanent()}.
   */
  public boolean isRetryableRead() {
    if (permanent) {
      return false;
    }
    switch (origin) {
      case CONNECT:
      case TRANSPORT:
        return true;
      case SERVER:
        return code == StatusCode.UNAVAILABLE
            || code == StatusCode.RESOURCE_EXHAUSTED
            || code == StatusCode.INTERNAL;
      default:
        return false;
    }
  }

  /** This error, about the given operation (the wait engine adds the id to errors of reads). */
  public ApiCallException withOperationId(String operationId) {
    if (Objects.equals(operationId, operationId().orElse(null))) {
      return this;
    }
    return toBuilder().operationId(operationId).cause(this).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder(code, origin);
    b.status = status;
    b.httpStatus = httpStatus;
    b.requestId = requestId;
    b.serverTraceId = serverTraceId;
    b.clientRequestId = clientRequestId;
    b.retryAfter = retryAfter;
    b.operationId = operationId().orElse(null);
    b.cause = getCause();
    b.message = detail;
    b.permanent = permanent;
    return b;
  }

  /** Builds an {@link ApiCallException}; for transports and tests. */
  public static final class Builder {
    private final StatusCode code;
    private final Origin origin;
    private OperationStatus status;
    private Integer httpStatus;
    private String message;
    private String requestId;
    private String serverTraceId;
    private String clientRequestId;
    private Duration retryAfter;
    private String operationId;
    private Throwable cause;
    private boolean permanent;

    private Builder(StatusCode code, Origin origin) {
      this.code = Objects.requireNonNull(code, "code");
      this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The status the server sent; its message becomes the exception's unless {@link #message} is set. */
    public Builder status(OperationStatus status) {
      this.status = status;
      return this;
    }

    public Builder httpStatus(int httpStatus) {
      this.httpStatus = httpStatus;
      return this;
    }

    /** What went wrong, for people: never image bytes or credentials. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder serverTraceId(String serverTraceId) {
      this.serverTraceId = serverTraceId;
      return this;
    }

    public Builder clientRequestId(String clientRequestId) {
      this.clientRequestId = clientRequestId;
      return this;
    }

    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    public Builder operationId(String operationId) {
      this.operationId = operationId;
      return this;
    }

    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * Whether the answer will never change, so repeating the call cannot help (see {@link
     * ApiCallException#isPermanent()}); default false.
     */
    public Builder permanent(boolean permanent) {
      this.permanent = permanent;
      return this;
    }

    public ApiCallException build() {
      return new ApiCallException(this);
    }
  }
}
