package io.github.yandexart.rest.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST {@link ImageGenerator}: one pooled asynchronous HttpClient 5 (HTTP/2 where TLS ALPN
 * negotiates it, HTTP/1.1 otherwise), Jackson streaming for the JSON.
 *
 * <p>Each call is one request with its own deadline; the only second request is the one retry after
 * a 401 when the credentials yield a new value. Replies are read into a buffer bounded by {@link
 * ClientConfig#maxResponseSize()} on the I/O thread, then parsed and completed on a callback thread,
 * so a slow consumer of a future never stalls the I/O threads.
 *
 * <p>Where a failure happened decides {@link Origin}: before the exchange reached the connected
 * transport nothing was sent ({@code CONNECT}); after, the outcome is unknown ({@code TRANSPORT}). The
 * hand-over is a compare-and-set on the call's phase, so a deadline or cancellation racing with the
 * send cannot report "not sent" for a request that went out.
 */
public final class RestImageGenerator implements ImageGenerator {
  static final String GENERATE_PATH = "/foundationModels/v1/imageGenerationAsync";
  static final String OPERATIONS_PATH = "/operations/";
  private static final Logger log = LoggerFactory.getLogger(RestImageGenerator.class);
  private static final String CALL_ATTRIBUTE = "io.github.yandexart.rest.call";
  private static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
  private static final AtomicInteger GENERATORS = new AtomicInteger();

  private final ClientConfig config;
  private final Credentials credentials;
  private final WireJson json;
  private final Clock clock;
  private final CloseableHttpAsyncClient http;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService callbacks;
  private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A generator for {@code config}; starts its I/O threads. */
  public RestImageGenerator(ClientConfig config) {
    this(config, null, Clock.systemUTC());
  }

  /** For tests: a name resolver that never leaves the machine, and a clock for HTTP dates. */
  RestImageGenerator(ClientConfig config, DnsResolver dns, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = config.requireCredentials();
    this.json = new WireJson(config.maxResponseSize());
    this.clock = clock;
    int n = GENERATORS.incrementAndGet();
    this.timer = new ScheduledThreadPoolExecutor(1, threads("yandexart-rest-" + n + "-deadline"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), threads("yandexart-rest-" + n + "-callback"));
    this.http = newClient(config, dns, threads("yandexart-rest-" + n + "-io"));
    this.http.start();
  }

  private static CloseableHttpAsyncClient newClient(ClientConfig config, DnsResolver dns, ThreadFactory io) {
    Timeout connect = Timeout.of(config.connectTimeout());
    Timeout call = Timeout.of(config.waitPolicy().callTimeout());
    PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
        .setTlsStrategy(ClientTlsStrategyBuilder.create()
            .setSslContext(SSLContexts.createSystemDefault())
            .build())
        .setDefaultTlsConfig(TlsConfig.custom()
            .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
            .setHandshakeTimeout(connect)
            .build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(connect)
            .setSocketTimeout(call)
            // Re-check a connection idle this long before reusing it: a request written to a
            // connection the server has quietly closed fails with an unknown outcome.
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build())
        .setMaxConnTotal(64)
        .setMaxConnPerRoute(64);
    if (dns != null) {
      pool.setDnsResolver(dns);
    }
    PoolingAsyncClientConnectionManager connections = pool.build();
    return HttpAsyncClients.custom()
        .setConnectionManager(connections)
        .setIOReactorConfig(IOReactorConfig.custom()
            .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
            .setSoTimeout(call)
            .build())
        .setH2Config(H2Config.custom().setPushEnabled(false).build())
        .setThreadFactory(io)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(call)
            .setResponseTimeout(call)
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            // No "Upgrade: TLS/1.2" offers on plaintext requests (http:// is only for emulators).
            .setProtocolUpgradeEnabled(false)
            .build())
        // One call is one request: the client's wait engine owns retries, and it may repeat a
        // submit only when the failure proves the request was not accepted.
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .evictIdleConnections(TimeValue.ofSeconds(20))
        .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "yandexart-sent-marker",
            (request, entity, scope, chain, callback) -> {
              Object owner = scope.clientContext.getAttribute(CALL_ATTRIBUTE);
              if (owner instanceof Call && !((Call) owner).markSent(scope.execRuntime)) {
                throw new IOException("the call ended before its request was sent");
              }
              chain.proceed(request, entity, scope, callback);
            })
        .build();
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- the three calls

  @Override
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    return start(new Call("submit", "POST", uri(config.generationEndpoint(), GENERATE_PATH),
        json.writeRequest(request.withResolvedModelUri(config.folderId())), null), options);
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
    requireId(operationId);
    Objects.requireNonNull(options, "options");
    return start(new Call("read", "GET",
        uri(config.operationEndpoint(), OPERATIONS_PATH + PathSegments.encode(operationId)),
        null, operationId), options);
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
    requireId(operationId);
    Objects.requireNonNull(options, "options");
    return start(new Call("cancel", "GET",
        uri(config.operationEndpoint(), OPERATIONS_PATH + PathSegments.encode(operationId) + ":cancel"),
        null, operationId), options);
  }

  private static void requireId(String operationId) {
    if (operationId == null || operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is " + (operationId == null ? "null" : "blank")
          + ": pass the id that submit returned");
    }
  }

  private static URI uri(URI base, String path) {
    return URI.create(base.toString() + path);
  }

  // ---------------------------------------------------------------- one call

  /** Where a call is; moves forward only, by compare-and-set. */
  private enum Phase {
    /** Asking the credentials for an Authorization value: nothing sent. */
    AUTHORIZING,
    /** Handed to the HTTP client, waiting for a connection: nothing sent yet. */
    CONNECTING,
    /** The request went to a connected transport: the server may have it. */
    SENT,
    /** The future is complete; nothing more may be sent. */
    FINISHED
  }

  private final class Call {
    final String what;
    final String method;
    final URI uri;
    final byte[] body;
    final String operationId;
    final long startNanos = System.nanoTime();
    final CompletableFuture<Operation> result = new CompletableFuture<>();
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.AUTHORIZING);
    volatile Future<?> exchange;
    volatile AsyncExecRuntime runtime;
    volatile boolean answered;
    volatile ScheduledFuture<?> deadline;
    volatile String clientRequestId;
    volatile String authorization;

    Call(String what, String method, URI uri, byte[] body, String operationId) {
      this.what = what;
      this.method = method;
      this.uri = uri;
      this.body = body;
      this.operationId = operationId;
    }

    /** Called by the HTTP client right before the request goes to the connected transport. */
    boolean markSent(AsyncExecRuntime connection) {
      this.runtime = connection;
      return phase.compareAndSet(Phase.CONNECTING, Phase.SENT);
    }

    /**
     * Ends the HTTP exchange of a call that ended without an answer (deadline, close, caller's
     * cancel). Cancelling HttpClient's future alone is not enough: its cancellation hook can be
     * overwritten by the connect step racing on the I/O thread, so the connection is also discarded.
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
    void fail(java.util.function.Function<Phase, ApiCallException> error) {
      Phase prior = phase.getAndSet(Phase.FINISHED);
      if (prior != Phase.FINISHED) {
        result.completeExceptionally(error.apply(prior));
      }
    }

    ApiCallException.Builder error(StatusCode code, Origin origin) {
      return ApiCallException.builder(code, origin)
          .operationId(operationId)
          .clientRequestId(clientRequestId);
    }

    String describe() {
      return method + " " + uri.getRawPath();
    }
  }

  private CompletableFuture<Operation> start(Call call, CallOptions options) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this REST ImageGenerator is closed; nothing was sent: make a new one"));
    }
    inFlight.add(call);
    call.result.whenComplete((op, error) -> {
      call.phase.set(Phase.FINISHED);
      inFlight.remove(call);
      ScheduledFuture<?> deadline = call.deadline;
      if (deadline != null) {
        deadline.cancel(false);
      }
      if (!call.answered) {
        call.abortExchange();
      }
    });
    Duration timeout = options.timeoutOr(config.waitPolicy().callTimeout());
    try {
      call.deadline = timer.schedule(() -> call.fail(phase -> {
        log.debug("{} {}: no answer within {} (x-client-request-id {})", call.what, call.describe(), timeout,
            call.clientRequestId);
        return deadlineError(call, phase, timeout);
      }), timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      call.fail(phase -> closedError(call, phase));
      return call.result;
    }
    authorize(call, null, null);
    return call.result;
  }

  /**
   * Gets an Authorization value and sends. After a 401, {@code rejected} is the value the server
   * refused and {@code refusal} its error: a different value is tried once, the same one fails.
   */
  private void authorize(Call call, String rejected, ApiCallException refusal) {
    CompletableFuture<String> value;
    try {
      value = credentials.authorization();
    } catch (RuntimeException e) {
      value = CompletableFuture.failedFuture(e);
    }
    value.whenComplete((authorization, error) -> {
      if (error != null || authorization == null || authorization.isBlank()) {
        call.fail(phase -> credentialsError(call, error));
      } else if (rejected != null && authorization.equals(rejected)) {
        call.fail(phase -> refusal);
      } else if (call.phase.compareAndSet(Phase.AUTHORIZING, Phase.CONNECTING)) {
        send(call, authorization, rejected != null);
      }
    });
  }

  private void send(Call call, String authorization, boolean isRetry) {
    String clientRequestId = config.newClientRequestId();
    call.clientRequestId = clientRequestId;
    call.authorization = authorization;
    call.answered = false;
    call.runtime = null;
    BasicHttpRequest request = new BasicHttpRequest(call.method, call.uri);
    request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
    request.setHeader(HttpHeaders.USER_AGENT, config.userAgent());
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    request.setHeader("x-client-request-id", clientRequestId);
    if (credentials.kind() == Credentials.Kind.IAM_TOKEN && config.folderId().isPresent()) {
      request.setHeader("x-folder-id", config.folderId().get());
    }
    config.dataLogging().ifPresent(on -> request.setHeader("x-data-logging-enabled", on.toString()));
    BasicRequestProducer producer = new BasicRequestProducer(request, call.body == null ? null
        : AsyncEntityProducers.create(call.body, ContentType.APPLICATION_JSON));
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(CALL_ATTRIBUTE, call);
    try {
      call.exchange = http.execute(producer, new BoundedBodyConsumer(config.maxResponseSize()), context,
          new FutureCallback<BoundedBodyConsumer.Reply>() {
            @Override
            public void completed(BoundedBodyConsumer.Reply reply) {
              call.answered = true;
              onCallbackThread(call, () -> onReply(call, reply, isRetry));
            }

            @Override
            public void failed(Exception e) {
              call.answered = true;
              onCallbackThread(call, () -> onFailure(call, e));
            }

            @Override
            public void cancelled() {
              // Cancelled by this class after the call ended (deadline, close, caller): already settled.
              call.fail(phase -> closedError(call, phase));
            }
          });
    } catch (RuntimeException e) {
      call.fail(phase -> closed.get() ? closedError(call, phase)
          : call.error(StatusCode.INTERNAL, Origin.CLIENT)
              .message("the HTTP client refused " + call.describe() + ": " + e + "; the request was not sent")
              .cause(e)
              .build());
      return;
    }
    if (call.result.isDone() && !call.answered) {
      call.abortExchange();
    }
  }

  private void onCallbackThread(Call call, Runnable task) {
    try {
      callbacks.execute(task);
    } catch (RejectedExecutionException e) {
      call.fail(phase -> closedError(call, phase));
    }
  }

  // ---------------------------------------------------------------- replies

  private void onReply(Call call, BoundedBodyConsumer.Reply reply, boolean isRetry) {
    if (call.result.isDone()) {
      return;
    }
    String requestId = reply.header("x-request-id");
    String traceId = reply.header("x-server-trace-id");
    if (log.isDebugEnabled()) {
      log.debug("{} {}: HTTP {} in {} ms, {} bytes (x-request-id {}, x-server-trace-id {}, x-client-request-id {})",
          call.what, call.describe(), reply.status,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos), reply.length(),
          requestId, traceId, call.clientRequestId);
    }
    if (reply.status >= 200 && reply.status < 300) {
      Operation op;
      try {
        op = parseOperation(call, reply);
      } catch (ApiCallException e) {
        call.fail(phase -> e);
        return;
      }
      call.succeed(op);
      return;
    }
    ApiCallException error = replyError(call, reply);
    if (reply.status == 401 && !isRetry) {
      String rejected = call.authorization;
      try {
        credentials.invalidate(rejected);
      } catch (RuntimeException e) {
        // Only the exception's type: its message is the credentials' own and might quote a secret.
        log.debug("invalidating credentials ({}) failed: {}", credentials.describe(), e.getClass().getName());
      }
      if (call.phase.compareAndSet(Phase.SENT, Phase.AUTHORIZING)) {
        authorize(call, rejected, error);
      }
      return;
    }
    call.fail(phase -> error);
  }

  private Operation parseOperation(Call call, BoundedBodyConsumer.Reply reply) {
    if (reply.length() == 0) {
      throw replyProblem(call, reply, StatusCode.INTERNAL, Origin.SERVER,
          "the server answered HTTP " + reply.status + " with an empty body instead of an Operation", null);
    }
    try {
      Operation op = json.readOperation(reply.stream());
      return op.toBuilder().pollInterval(HeaderValues.seconds(reply.header("x-operation-poll-interval")))
          .build();
    } catch (WireJson.WrongResponseTypeException e) {
      // The service answered, and reading again will not change the answer: not retryable.
      throw replyProblem(call, reply, StatusCode.UNKNOWN, Origin.SERVER, e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      throw replyProblem(call, reply, StatusCode.UNAVAILABLE, Origin.TRANSPORT,
          "the reply ended in the middle of the JSON (truncated?)", e);
    } catch (IOException | RuntimeException e) {
      String why = e instanceof WireJson.MalformedReplyException ? e.getMessage()
          : e instanceof com.fasterxml.jackson.core.JsonProcessingException
              ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
              : e.toString();
      throw replyProblem(call, reply, StatusCode.INTERNAL, Origin.SERVER,
          "the server answered HTTP " + reply.status + " with a reply that is not a valid Operation ("
              + Snippets.shorten(why, 120) + ")", e);
    }
  }

  /** An error reply as an exception: the google.rpc.Status it carries, else the HTTP status. */
  private ApiCallException replyError(Call call, BoundedBodyConsumer.Reply reply) {
    OperationStatus status = null;
    if (reply.length() > 0) {
      try {
        status = json.readStatus(reply.stream());
      } catch (IOException | RuntimeException e) {
        status = null;
      }
    }
    if (status != null) {
      // A status that claims OK on an error reply says nothing: the HTTP status decides then.
      StatusCode code = status.code() == StatusCode.OK ? StatusCode.forHttpStatus(reply.status) : status.code();
      ApiCallException.Builder b = withReplyIds(call.error(code, Origin.SERVER), reply)
          .status(status)
          .httpStatus(reply.status);
      if (reply.header(HttpHeaders.RETRY_AFTER) == null) {
        Duration hinted = retryInfo(status);
        if (hinted != null) {
          b.retryAfter(hinted);
        }
      }
      return b.build();
    }
    StatusCode code = StatusCode.forHttpStatus(reply.status);
    // A gateway error page without a google.rpc.Status says an intermediary could not get an answer
    // from the service, which may already have the request: the outcome is unknown.
    Origin origin = reply.status == 502 || reply.status == 504 ? Origin.TRANSPORT : Origin.SERVER;
    String what = reply.length() == 0 ? "an empty body"
        : (reply.contentType == null ? "a body" : reply.contentType)
            + " instead of a google.rpc.Status: \""
            + Snippets.of(reply.bytes(), reply.length(), secrets(call)) + "\"";
    return replyProblem(call, reply, code, origin, "the server answered HTTP " + reply.status
        + (reply.reason == null || reply.reason.isEmpty() ? "" : " " + reply.reason) + " with " + what, null);
  }

  private ApiCallException replyProblem(Call call, BoundedBodyConsumer.Reply reply, StatusCode code,
      Origin origin, String message, Throwable cause) {
    String text = message;
    if (reply.status >= 200 && reply.status < 300 && reply.length() > 0) {
      text += ": \"" + Snippets.of(reply.bytes(), reply.length(), secrets(call)) + "\"";
    }
    return withReplyIds(call.error(code, origin), reply)
        .httpStatus(reply.status)
        .message(text)
        .cause(cause)
        .build();
  }

  private ApiCallException.Builder withReplyIds(ApiCallException.Builder b, BoundedBodyConsumer.Reply reply) {
    String requestId = reply.header("x-request-id");
    if (requestId != null && !requestId.isBlank()) {
      b.requestId(requestId);
    }
    String traceId = reply.header("x-server-trace-id");
    if (traceId != null && !traceId.isBlank()) {
      b.serverTraceId(traceId);
    }
    Duration retryAfter = HeaderValues.retryAfter(reply.header(HttpHeaders.RETRY_AFTER), clock.instant());
    if (retryAfter != null) {
      b.retryAfter(retryAfter);
    }
    return b;
  }

  /** A google.rpc.RetryInfo detail's delay ({@code "1.500s"}), for replies without Retry-After. */
  private static Duration retryInfo(OperationStatus status) {
    return status.details().stream()
        .filter(d -> d.typeUrl().equals(RETRY_INFO_TYPE))
        .map(d -> HeaderValues.seconds(d.fields().get("retryDelay")))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String[] secrets(Call call) {
    String authorization = call.authorization;
    if (authorization == null) {
      return new String[0];
    }
    int space = authorization.indexOf(' ');
    return new String[] {authorization, space < 0 ? null : authorization.substring(space + 1).trim()};
  }

  // ---------------------------------------------------------------- failures without a reply

  private void onFailure(Call call, Exception e) {
    if (log.isDebugEnabled()) {
      log.debug("{} {} failed after {} ms (x-client-request-id {}): {}", call.what, call.describe(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos), call.clientRequestId,
          e.toString());
    }
    call.fail(phase -> failureError(call, phase, e));
  }

  private ApiCallException failureError(Call call, Phase phase, Exception e) {
    if (closed.get()) {
      return closedError(call, phase);
    }
    String target = call.uri.getScheme() + "://" + call.uri.getRawAuthority();
    if (e instanceof BoundedBodyConsumer.TooLargeException) {
      BoundedBodyConsumer.TooLargeException big = (BoundedBodyConsumer.TooLargeException) e;
      // The server took the request and answered; only the answer was refused here. TRANSPORT (as
      // the gRPC transport says too): SERVER would make a refused-looking submit repeatable.
      return call.error(StatusCode.RESOURCE_EXHAUSTED, Origin.TRANSPORT)
          .httpStatus(big.httpStatus)
          .message(big.getMessage() + " (HTTP " + big.httpStatus + "): raise"
              + " ClientConfig.builder().maxResponseSize(...) if such replies are expected")
          .cause(e)
          .build();
    }
    if (phase != Phase.SENT) {
      String why;
      if (e instanceof UnknownHostException) {
        why = "could not resolve the host of " + target + ": check the endpoint and DNS";
      } else if (e instanceof SSLException) {
        why = "the TLS handshake with " + target + " failed (" + e.getMessage()
            + "): check that the endpoint speaks https and its certificate is trusted";
      } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
        why = "could not connect to " + target + " (" + e.getMessage() + "): check the endpoint";
      } else if (e instanceof InterruptedIOException) {
        why = "no connection to " + target + " within " + config.connectTimeout()
            + " (ClientConfig.connectTimeout)";
      } else {
        why = "could not connect to " + target + ": " + e;
      }
      return call.error(StatusCode.UNAVAILABLE, Origin.CONNECT)
          .message(why + "; the request was not sent")
          .cause(e)
          .build();
    }
    boolean timeout = e instanceof InterruptedIOException || e instanceof java.util.concurrent.TimeoutException;
    return call.error(timeout ? StatusCode.DEADLINE_EXCEEDED : StatusCode.UNAVAILABLE, Origin.TRANSPORT)
        .message((timeout ? "no answer from " : "the connection to ") + target
            + (timeout ? " in time" : " failed") + " after " + call.describe() + " was sent ("
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + "); it may or may not have taken effect")
        .cause(e)
        .build();
  }

  private ApiCallException credentialsError(Call call, Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof ApiCallException) {
      ApiCallException a = (ApiCallException) e;
      return call.operationId == null ? a : a.withOperationId(call.operationId);
    }
    return call.error(StatusCode.UNAUTHENTICATED, Origin.CLIENT)
        .message("the credentials (" + credentials.describe() + ") gave no Authorization value"
            + (e == null ? "" : ": " + e.getClass().getSimpleName()))
        .cause(e)
        .build();
  }

  private static ApiCallException deadlineError(Call call, Phase phase, Duration timeout) {
    Origin origin = phase == Phase.SENT ? Origin.TRANSPORT
        : phase == Phase.CONNECTING ? Origin.CONNECT : Origin.CLIENT;
    return call.error(StatusCode.DEADLINE_EXCEEDED, origin)
        .message("no answer to " + call.describe() + " within " + timeout
            + (phase == Phase.SENT ? "; it may still take effect" : "; the request was not sent")
            + " (the call timeout)")
        .build();
  }

  /** A call cut off by {@link #close()}, or started after it. */
  private ApiCallException closedError(Call call, Phase phase) {
    if (phase == Phase.SENT) {
      return call.error(StatusCode.CANCELLED, Origin.TRANSPORT)
          .message("the REST generator was closed after " + call.describe()
              + " was sent: it may or may not have taken effect")
          .build();
    }
    return call.error(StatusCode.FAILED_PRECONDITION, Origin.CLIENT)
        .message("the REST generator is closed; the request was not sent: make a new generator")
        .build();
  }

  // ---------------------------------------------------------------- closing

  /**
   * Stops the HTTP client (waiting at most a few seconds for it), fails the calls still in flight and
   * stops this generator's threads. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.initiateShutdown();
    try {
      http.awaitShutdown(TimeValue.of(CLOSE_WAIT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      http.close(CloseMode.IMMEDIATE);
      List<Call> left = new ArrayList<>(inFlight);
      for (Call call : left) {
        call.fail(phase -> closedError(call, phase));
      }
      timer.shutdownNow();
      callbacks.shutdown();
    }
  }

  @Override
  public String toString() {
    return "RestImageGenerator{generation=" + config.generationEndpoint() + ", operations="
        + config.operationEndpoint() + ", credentials=" + credentials.describe() + "}";
  }
}
