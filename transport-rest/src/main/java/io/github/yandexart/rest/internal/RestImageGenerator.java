package io.github.yandexart.rest.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.rest.internal.RestCall.Phase;
import io.github.yandexart.spi.ImageSinkWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorShutdownException;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST {@link ImageGenerator}: the three calls as {@link RestCall}s over one {@link
 * RestHttpClient}, their outcomes mapped by {@link RestReplies}.
 *
 * <p>Each call is one request with one deadline, {@link CallOptions#timeout()} or else {@code
 * ClientConfig.waitPolicy().callTimeout()}, enforced here and by nothing else: one timer wakes at the
 * earliest deadline of the calls in flight (so a call costs the timer nothing unless its deadline is
 * the earliest), and the phase a call is in when it runs out gives the error its {@link Origin}
 * ({@code CONNECT} before the request was written, {@code TRANSPORT} after). The only second request
 * is the one retry after a 401 when the credentials yield a new value.
 *
 * <p><b>Threads.</b> A generator starts at most {@value #IO_THREADS} I/O threads (and HttpClient one
 * more, idle, that started them), one timer thread (deadlines and idle connections) and {@value
 * #CALLBACK_THREADS} callback threads, however many calls are in flight. A reply is read
 * on its I/O thread as it arrives (a 2xx body parsed, its image decoded into memory or into the
 * call's {@link io.github.yandexart.ImageSink}); the call's future is then completed on a callback
 * thread, never on an I/O thread: whatever runs on completion (the client's wait engine, an
 * application's {@code thenApply}) cannot stall the I/O of other calls, and the I/O threads never
 * wait for it. Code that blocks in such a continuation holds a callback thread: use the {@code
 * *Async} forms with an executor of your own for that. A call made with {@link
 * CallOptions#withExecutor} is completed on that executor instead (a direct one: on the I/O thread,
 * for continuations that never block). An {@code ImageSink}'s stream is written on the I/O thread
 * and should not block for long.
 *
 * <p>An I/O thread that dies (an {@link OutOfMemoryError} in it, say) leaves HttpClient unable to
 * make connections; from then on every call fails at once with a permanent {@code CLIENT} error that
 * says so, instead of failing like a connection the client would keep retrying. Thread-safe.
 */
public final class RestImageGenerator implements ImageGenerator {
  static final String GENERATE_PATH = "/foundationModels/v1/imageGenerationAsync";
  static final String OPERATIONS_PATH = "/operations/";
  /** The I/O threads of a generator: at most this many (fewer on a single CPU). */
  static final int IO_THREADS = 2;
  /** The threads that complete the calls' futures. */
  static final int CALLBACK_THREADS = 2;
  private static final Logger log = LoggerFactory.getLogger(RestImageGenerator.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
  private static final AtomicInteger GENERATORS = new AtomicInteger();

  private final ClientConfig config;
  private final Credentials credentials;
  private final WireJson json;
  private final RestReplies replies;
  private final CloseableHttpAsyncClient http;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor callbacks;
  private final Set<RestCall> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The error an I/O thread died of: once set, the HTTP client can make no connection. */
  private final AtomicReference<Throwable> ioThreadDeath = new AtomicReference<>();
  private final HttpHost generationHost;
  private final String generatePath;
  private final HttpHost operationHost;
  private final String operationsPath;
  private final String userAgent;
  private final String folderHeader;
  private final String dataLoggingHeader;

  private final Object wakeLock = new Object();
  /** When the timer next looks for calls past their deadline; meaningful while {@link #wake} is set. */
  private long wakeAt;
  private ScheduledFuture<?> wake;

  /** A generator for {@code config}; starts its I/O threads. */
  public RestImageGenerator(ClientConfig config) {
    this(config, null, Clock.systemUTC());
  }

  /** For tests: a name resolver that never leaves the machine, and a clock for HTTP dates. */
  RestImageGenerator(ClientConfig config, DnsResolver dns, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.credentials = config.requireCredentials();
    this.json = new WireJson(config.maxResponseSize());
    this.replies = new RestReplies(config, json, clock);
    this.generationHost = HttpHost.create(config.generationEndpoint());
    this.generatePath = prefix(config.generationEndpoint()) + GENERATE_PATH;
    this.operationHost = HttpHost.create(config.operationEndpoint());
    this.operationsPath = prefix(config.operationEndpoint()) + OPERATIONS_PATH;
    this.userAgent = config.userAgent();
    this.folderHeader = config.folderIdHeader().orElse(null);
    this.dataLoggingHeader = config.dataLogging().map(Object::toString).orElse(null);
    String name = "yandexart-rest-" + GENERATORS.incrementAndGet();
    this.timer = new ScheduledThreadPoolExecutor(1, RestHttpClient.threads(name + "-deadline"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.callbacks = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), RestHttpClient.threads(name + "-callback"));
    this.callbacks.allowCoreThreadTimeOut(true);
    ThreadFactory io = RestHttpClient.threads(name + "-io");
    this.http = RestHttpClient.create(config, dns, Math.min(IO_THREADS, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = io.newThread(r);
          t.setUncaughtExceptionHandler(this::ioThreadDied);
          return t;
        }, timer);
    this.http.start();
  }

  /** The endpoint's path without a trailing slash ({@code ""} for none). */
  private static String prefix(URI endpoint) {
    String path = endpoint.getRawPath();
    if (path == null) {
      return "";
    }
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Override
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    return start(new RestCall("submit", "POST", generationHost, generatePath,
        json.writeRequest(request.withResolvedModelUri(config.folderId())), null, options, callTimeout()));
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
    requireId(operationId);
    return start(new RestCall("read", "GET", operationHost, operationsPath + PathSegments.encode(operationId),
        null, operationId, options, callTimeout()));
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
    requireId(operationId);
    return start(new RestCall("cancel", "GET", operationHost,
        operationsPath + PathSegments.encode(operationId) + ":cancel", null, operationId, options, callTimeout()));
  }

  private Duration callTimeout() {
    return config.waitPolicy().callTimeout();
  }

  private static void requireId(String operationId) {
    if (operationId == null || operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is " + (operationId == null ? "null" : "blank")
          + ": pass the id that submit returned");
    }
  }

  /** Starts {@code call} under its deadline. */
  private CompletableFuture<Operation> start(RestCall call) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this REST ImageGenerator is closed; nothing was sent: make a new one"));
    }
    Throwable death = ioThreadDeath.get();
    if (death != null) {
      call.fail(phase -> unusable(call, phase, death));
      return call.result;
    }
    inFlight.add(call);
    call.result.whenComplete((op, error) -> {
      call.phase.set(Phase.FINISHED);
      inFlight.remove(call);
      if (!call.answered) {
        call.abortExchange();
      }
    });
    try {
      watch(call);
    } catch (RejectedExecutionException e) {
      call.fail(phase -> RestReplies.closed(call, phase));
      return call.result;
    }
    authorize(call, null, null);
    return call.result;
  }

  // ---------------------------------------------------------------- deadlines

  /**
   * Makes sure the timer wakes by {@code call}'s deadline. Calls made with the same timeout have
   * later deadlines than the calls before them, so usually the wake-up already set is early enough
   * and nothing is scheduled (nor cancelled when the call ends).
   */
  private void watch(RestCall call) {
    synchronized (wakeLock) {
      if (wake == null || call.deadlineNanos - wakeAt < 0) {
        wakeAt(call.deadlineNanos);
      }
    }
  }

  private void wakeAt(long at) {
    if (wake != null) {
      wake.cancel(false);
    }
    wakeAt = at;
    wake = timer.schedule(this::sweep, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Fails the calls past their deadline and sets the next wake-up by the earliest deadline left. */
  private void sweep() {
    List<RestCall> late = new ArrayList<>();
    synchronized (wakeLock) {
      wake = null;
      long now = System.nanoTime();
      long next = 0;
      boolean any = false;
      for (RestCall call : inFlight) {
        if (call.deadlineNanos - now <= 0) {
          late.add(call);
        } else if (!any || call.deadlineNanos - next < 0) {
          next = call.deadlineNanos;
          any = true;
        }
      }
      if (any && !timer.isShutdown()) {
        wakeAt(next);
      }
    }
    for (RestCall call : late) {
      onCallbackThread(call, () -> call.fail(phase -> {
        log.debug("{} {}: no answer within {} in phase {} (x-client-request-id {})", call.what,
            call.describe(), call.timeout, phase, call.clientRequestId);
        return RestReplies.deadline(call, phase);
      }));
    }
  }

  // ---------------------------------------------------------------- a dead I/O thread

  /** An Error thrown where this generator reads a body: it is about to end the I/O thread. */
  private void ioError(Error error) {
    ioThreadDied(Thread.currentThread(), error);
  }

  private void ioThreadDied(Thread thread, Throwable error) {
    if (closed.get() || !ioThreadDeath.compareAndSet(null, error)) {
      return;
    }
    log.error("the I/O thread {} of a REST generator died of {}: this generator can make no more calls;"
        + " close it and make a new one", thread.getName(), error.getClass().getName());
    for (RestCall call : new ArrayList<>(inFlight)) {
      onCallbackThread(call, () -> call.fail(phase -> unusable(call, phase, error)));
    }
  }

  /**
   * The error of a call that found the HTTP client unusable: permanent, as every later call would
   * fail alike; {@code CLIENT} unless the request may have been sent.
   */
  private static ApiCallException unusable(RestCall call, Phase phase, Throwable death) {
    boolean sent = phase == Phase.SENT;
    return call.error(StatusCode.INTERNAL, sent ? Origin.TRANSPORT : Origin.CLIENT)
        .permanent(true)
        .message("the HTTP client of this REST generator is unusable: an I/O thread died"
            + (death == null ? "" : " of " + death.getClass().getSimpleName())
            + " and its I/O reactor has shut down; " + (sent ? call.describe() + " may or may not have taken"
            + " effect" : "nothing was sent") + ": close this generator and make a new one")
        .cause(death)
        .build();
  }

  private static boolean isReactorShutDown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOReactorShutdownException) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- sending

  /**
   * Gets an Authorization value and sends. After a 401, {@code rejected} is the value the server
   * refused and {@code refusal} its error: a different value is tried once, the same one fails.
   */
  private void authorize(RestCall call, String rejected, ApiCallException refusal) {
    CompletableFuture<String> value;
    try {
      value = credentials.authorization();
    } catch (RuntimeException e) {
      value = CompletableFuture.failedFuture(e);
    }
    if (value.isDone() && !value.isCompletedExceptionally()) {
      // static credentials (and a cached token): no dependent stage to make
      authorized(call, value.getNow(null), null, rejected, refusal);
    } else {
      value.whenComplete((authorization, error) -> authorized(call, authorization, error, rejected, refusal));
    }
  }

  private void authorized(RestCall call, String authorization, Throwable error, String rejected,
      ApiCallException refusal) {
    if (error != null || authorization == null || authorization.isBlank()) {
      call.fail(phase -> RestReplies.credentials(call, error, credentials.describe()));
    } else if (rejected != null && authorization.equals(rejected)) {
      call.fail(phase -> refusal);
    } else if (call.phase.compareAndSet(Phase.AUTHORIZING, Phase.CONNECTING)) {
      send(call, authorization, rejected != null);
    }
  }

  private void send(RestCall call, String authorization, boolean isRetry) {
    String clientRequestId = call.requestedClientRequestId != null ? call.requestedClientRequestId
        : config.newClientRequestId();
    call.clientRequestId = clientRequestId;
    call.authorization = authorization;
    call.answered = false;
    call.runtime = null;
    BasicHttpRequest request = new BasicHttpRequest(call.method, call.host, call.path);
    request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
    request.addHeader(HttpHeaders.USER_AGENT, userAgent);
    request.addHeader(HttpHeaders.ACCEPT, "application/json");
    request.addHeader("x-client-request-id", clientRequestId);
    if (folderHeader != null) {
      request.addHeader("x-folder-id", folderHeader);
    }
    if (dataLoggingHeader != null) {
      request.addHeader("x-data-logging-enabled", dataLoggingHeader);
    }
    BasicRequestProducer producer = new BasicRequestProducer(request, call.body == null ? null
        : AsyncEntityProducers.create(call.body, ContentType.APPLICATION_JSON));
    ImageSinkWriter sink = call.sink == null || call.operationId == null ? null
        : new ImageSinkWriter(call.sink, call.operationId);
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(RestHttpClient.CALL_ATTRIBUTE, call);
    try {
      call.exchange = http.execute(producer, new BoundedBodyConsumer(config.maxResponseSize(), json, sink, this::ioError), context,
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
              call.fail(phase -> RestReplies.closed(call, phase));
            }
          });
    } catch (RuntimeException e) {
      call.fail(phase -> closed.get() ? RestReplies.closed(call, phase)
          : isReactorShutDown(e) ? unusable(call, phase, ioThreadDeath.get())
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

  /**
   * Runs {@code task}, which completes {@code call}, on the executor the call asked for (here, should
   * that executor refuse it: an answer is never dropped), else on a callback thread.
   */
  private void onCallbackThread(RestCall call, Runnable task) {
    if (call.executor != null) {
      call.executor.execute(task);
      return;
    }
    try {
      callbacks.execute(task);
    } catch (RejectedExecutionException e) {
      call.fail(phase -> RestReplies.closed(call, phase));
    }
  }

  private void onReply(RestCall call, BoundedBodyConsumer.Reply reply, boolean isRetry) {
    if (call.result.isDone()) {
      return;
    }
    if (log.isDebugEnabled()) {
      log.debug("{} {}: HTTP {} in {} ms, {} bytes (x-request-id {}, x-server-trace-id {}, x-client-request-id {})",
          call.what, call.describe(), reply.status,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos), reply.length(),
          reply.header("x-request-id"), reply.header("x-server-trace-id"), call.clientRequestId);
    }
    if (reply.status >= 200 && reply.status < 300) {
      Operation op;
      try {
        op = replies.operation(call, reply);
      } catch (ApiCallException e) {
        call.fail(phase -> e);
        return;
      } catch (UncheckedIOException e) {
        call.failWith(e); // the image sink failed
        return;
      }
      call.succeed(op);
      return;
    }
    ApiCallException error = replies.error(call, reply);
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

  private void onFailure(RestCall call, Exception e) {
    if (log.isDebugEnabled()) {
      log.debug("{} {} failed after {} ms (x-client-request-id {}): {}", call.what, call.describe(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos), call.clientRequestId,
          e.toString());
    }
    if (e instanceof OperationReader.SinkException) {
      call.failWith(((OperationReader.SinkException) e).failure);
      return;
    }
    call.fail(phase -> closed.get() ? RestReplies.closed(call, phase)
        : isReactorShutDown(e) || ioThreadDeath.get() != null ? unusable(call, phase, ioThreadDeath.get())
        : replies.failure(call, phase, e));
  }

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
      List<RestCall> left = new ArrayList<>(inFlight);
      for (RestCall call : left) {
        call.fail(phase -> RestReplies.closed(call, phase));
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
