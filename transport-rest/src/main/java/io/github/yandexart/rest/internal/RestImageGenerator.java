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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST {@link ImageGenerator}: the three calls as {@link RestCall}s over one {@link
 * RestHttpClient}, their outcomes mapped by {@link RestReplies}.
 *
 * <p>Each call is one request with one deadline, {@link CallOptions#timeout()} or else {@code
 * ClientConfig.waitPolicy().callTimeout()}, run here by one timer task per call and by nothing else;
 * when it fires, the phase the call is in gives the error its {@link Origin} ({@code CONNECT} before
 * the request was written, {@code TRANSPORT} after). The only second request is the one retry after a
 * 401 when the credentials yield a new value. Replies are read into a buffer bounded by {@link
 * ClientConfig#maxResponseSize()} on the I/O thread, then parsed and completed on a callback thread,
 * so a slow consumer of a future never stalls the I/O threads. Thread-safe.
 */
public final class RestImageGenerator implements ImageGenerator {
  static final String GENERATE_PATH = "/foundationModels/v1/imageGenerationAsync";
  static final String OPERATIONS_PATH = "/operations/";
  private static final Logger log = LoggerFactory.getLogger(RestImageGenerator.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
  private static final AtomicInteger GENERATORS = new AtomicInteger();

  private final ClientConfig config;
  private final Credentials credentials;
  private final WireJson json;
  private final RestReplies replies;
  private final CloseableHttpAsyncClient http;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService callbacks;
  private final Set<RestCall> inFlight = ConcurrentHashMap.newKeySet();
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
    this.replies = new RestReplies(config, json, clock);
    int n = GENERATORS.incrementAndGet();
    this.timer = new ScheduledThreadPoolExecutor(1, RestHttpClient.threads("yandexart-rest-" + n + "-deadline"));
    this.timer.setRemoveOnCancelPolicy(true);
    this.callbacks = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), RestHttpClient.threads("yandexart-rest-" + n + "-callback"));
    this.http = RestHttpClient.create(config, dns, RestHttpClient.threads("yandexart-rest-" + n + "-io"));
    this.http.start();
  }

  @Override
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    return start(new RestCall("submit", "POST", uri(config.generationEndpoint(), GENERATE_PATH),
        json.writeRequest(request.withResolvedModelUri(config.folderId())), null, options, callTimeout()));
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
    requireId(operationId);
    return start(new RestCall("read", "GET",
        uri(config.operationEndpoint(), OPERATIONS_PATH + PathSegments.encode(operationId)),
        null, operationId, options, callTimeout()));
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
    requireId(operationId);
    return start(new RestCall("cancel", "GET",
        uri(config.operationEndpoint(), OPERATIONS_PATH + PathSegments.encode(operationId) + ":cancel"),
        null, operationId, options, callTimeout()));
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

  private static URI uri(URI base, String path) {
    return URI.create(base.toString() + path);
  }

  /** Starts {@code call} under its deadline: the one place a REST call's time limit is enforced. */
  private CompletableFuture<Operation> start(RestCall call) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this REST ImageGenerator is closed; nothing was sent: make a new one"));
    }
    inFlight.add(call);
    call.result.whenComplete((op, error) -> {
      call.phase.set(Phase.FINISHED);
      inFlight.remove(call);
      if (call.deadline != null) {
        call.deadline.cancel(false);
      }
      if (!call.answered) {
        call.abortExchange();
      }
    });
    try {
      call.deadline = timer.schedule(() -> call.fail(phase -> {
        log.debug("{} {}: no answer within {} in phase {} (x-client-request-id {})", call.what,
            call.describe(), call.timeout, phase, call.clientRequestId);
        return RestReplies.deadline(call, phase);
      }), call.timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      call.fail(phase -> RestReplies.closed(call, phase));
      return call.result;
    }
    authorize(call, null, null);
    return call.result;
  }

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
    value.whenComplete((authorization, error) -> {
      if (error != null || authorization == null || authorization.isBlank()) {
        call.fail(phase -> RestReplies.credentials(call, error, credentials.describe()));
      } else if (rejected != null && authorization.equals(rejected)) {
        call.fail(phase -> refusal);
      } else if (call.phase.compareAndSet(Phase.AUTHORIZING, Phase.CONNECTING)) {
        send(call, authorization, rejected != null);
      }
    });
  }

  private void send(RestCall call, String authorization, boolean isRetry) {
    String clientRequestId = call.requestedClientRequestId != null ? call.requestedClientRequestId
        : config.newClientRequestId();
    call.clientRequestId = clientRequestId;
    call.authorization = authorization;
    call.answered = false;
    call.runtime = null;
    BasicHttpRequest request = new BasicHttpRequest(call.method, call.uri);
    request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
    request.setHeader(HttpHeaders.USER_AGENT, config.userAgent());
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    request.setHeader("x-client-request-id", clientRequestId);
    config.folderIdHeader().ifPresent(folder -> request.setHeader("x-folder-id", folder));
    config.dataLogging().ifPresent(on -> request.setHeader("x-data-logging-enabled", on.toString()));
    BasicRequestProducer producer = new BasicRequestProducer(request, call.body == null ? null
        : AsyncEntityProducers.create(call.body, ContentType.APPLICATION_JSON));
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(RestHttpClient.CALL_ATTRIBUTE, call);
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
              call.fail(phase -> RestReplies.closed(call, phase));
            }
          });
    } catch (RuntimeException e) {
      call.fail(phase -> closed.get() ? RestReplies.closed(call, phase)
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

  private void onCallbackThread(RestCall call, Runnable task) {
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
    call.fail(phase -> closed.get() ? RestReplies.closed(call, phase) : replies.failure(call, phase, e));
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
