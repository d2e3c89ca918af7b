package io.github.yandexart.rest.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.internal.NeverRejecting;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.http.HttpHost;

/**
 * One REST call as a state machine: its {@link Phase} moves forward only, by compare-and-set, and the
 * phase a call ended in decides the {@link Origin} of its error. The hand-over from {@code
 * CONNECTING} to {@code SENT} happens on the HTTP client's I/O thread right before the request is
 * written ({@link #markSent}), so a deadline or cancellation racing with the send cannot report "not
 * sent" for a request that went out.
 */
final class RestCall {
  /** Where a call is. */
  enum Phase {
    /** Asking the credentials for an Authorization value: nothing sent. */
    AUTHORIZING,
    /** Handed to the HTTP client, waiting for a connection: nothing sent yet. */
    CONNECTING,
    /** The request went to a connected transport: the server may have it. */
    SENT,
    /** The future is complete; nothing more may be sent. */
    FINISHED;

    /** Where a call that ended in this phase without an answer failed. */
    Origin origin() {
      return this == SENT ? Origin.TRANSPORT : this == CONNECTING ? Origin.CONNECT : Origin.CLIENT;
    }
  }

  /** The longest deadline kept: later ones are as good as none, and the arithmetic stays exact. */
  private static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

  final String what;
  final String method;
  final HttpHost host;
  /** The request target: the endpoint's path prefix and the call's path. */
  final String path;
  final byte[] body;
  final String operationId;
  /** Where the reply's image goes, or null: into memory. */
  final ImageSink sink;
  /** Where the caller asked the future to be completed ({@link CallOptions#executor()}), or null: the callback pool. */
  final Executor executor;
  /** The call's only deadline, counted from its start (fetching credentials included). */
  final Duration timeout;
  final long startNanos = System.nanoTime();
  /** {@link System#nanoTime()} at which the deadline passes. */
  final long deadlineNanos;
  final CompletableFuture<Operation> result = new CompletableFuture<>();
  final AtomicReference<Phase> phase = new AtomicReference<>(Phase.AUTHORIZING);
  volatile Future<?> exchange;
  volatile AsyncExecRuntime runtime;
  volatile boolean answered;
  volatile String clientRequestId;
  /** The caller's x-client-request-id (CallOptions), sent on every attempt of this call; or null. */
  final String requestedClientRequestId;
  /** The Authorization value sent; for redacting echoes of it, never for messages. */
  volatile String authorization;

  /**
   * A call whose deadline is {@code options}' timeout, else {@code defaultTimeout}; the reply's image
   * goes to {@code options}' sink, if any; the caller's client request id, if any, is sent.
   */
  RestCall(String what, String method, HttpHost host, String path, byte[] body, String operationId,
      CallOptions options, Duration defaultTimeout) {
    this.what = what;
    this.method = method;
    this.host = host;
    this.path = path;
    this.body = body;
    this.operationId = operationId;
    this.timeout = java.util.Objects.requireNonNull(options, "options").timeoutOr(defaultTimeout);
    this.sink = options.imageSink().orElse(null);
    this.executor = options.executor().map(NeverRejecting::of).orElse(null);
    this.requestedClientRequestId = options.clientRequestId().orElse(null);
    long nanos;
    try {
      nanos = Math.min(timeout.toNanos(), LONGEST_NANOS);
    } catch (ArithmeticException e) {
      nanos = LONGEST_NANOS;
    }
    this.deadlineNanos = startNanos + nanos;
  }

  /** Called by the HTTP client right before the request goes to the connected transport. */
  boolean markSent(AsyncExecRuntime connection) {
    this.runtime = connection;
    return phase.compareAndSet(Phase.CONNECTING, Phase.SENT);
  }

  /**
   * Ends the HTTP exchange of a call that ended without an answer (deadline, close, caller's cancel).
   * Cancelling HttpClient's future alone is not enough: its cancellation hook can be overwritten by
   * the connect step racing on the I/O thread, so the connection is also discarded.
   */
  void abortExchange() {
    Future<?> x = exchange;
    if (x != null) {
      x.cancel(true);
    }
    AsyncExecRuntime connection = runtime;
    if (connection != null) {
      connection.discardEndpoint();
    }
  }

  /** Ends the call with {@code op}, unless it has ended already. */
  void succeed(Operation op) {
    if (phase.getAndSet(Phase.FINISHED) != Phase.FINISHED) {
      result.complete(op);
    }
  }

  /** Ends the call with the error made for the phase it was in, unless it has ended already. */
  void fail(Function<Phase, ApiCallException> error) {
    Phase prior = phase.getAndSet(Phase.FINISHED);
    if (prior != Phase.FINISHED) {
      result.completeExceptionally(error.apply(prior));
    }
  }

  /** Ends the call with {@code error} as is (a sink's failure), unless it has ended already. */
  void failWith(RuntimeException error) {
    if (phase.getAndSet(Phase.FINISHED) != Phase.FINISHED) {
      result.completeExceptionally(error);
    }
  }

  ApiCallException.Builder error(StatusCode code, Origin origin) {
    return ApiCallException.builder(code, origin)
        .operationId(operationId)
        .clientRequestId(clientRequestId);
  }

  String describe() {
    return method + " " + path;
  }

  /** {@code scheme://host[:port]}, for messages. */
  String target() {
    return host.toURI();
  }
}
