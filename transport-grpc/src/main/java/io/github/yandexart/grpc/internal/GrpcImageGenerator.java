package io.github.yandexart.grpc.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.github.yandexart.grpc.internal.GrpcChannels.Endpoint;
import io.github.yandexart.internal.NeverRejecting;
import io.github.yandexart.internal.PollInterval;
import io.github.yandexart.internal.Redaction;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.operation.CancelOperationRequest;
import io.github.yandexart.proto.operation.GetOperationRequest;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ImageGenerator} over gRPC: {@code ImageGenerationAsyncService/Generate} on the
 * generation endpoint, {@code OperationService/Get} and {@code /Cancel} on the operation endpoint.
 *
 * <p>Each call fetches the {@code Authorization} value (asynchronously), sends it with {@code
 * x-client-request-id}, {@code x-folder-id} (IAM tokens only) and {@code x-data-logging-enabled} (when
 * configured), under a deadline of {@link io.github.yandexart.WaitPolicy#callTimeout()}. No thread
 * waits for an answer. An UNAUTHENTICATED answer invalidates the value sent and, if the credentials
 * then give a different one, repeats the call once with it (the service refused the first request,
 * so this is safe even for a submit). Thread-safe.
 */
public final class GrpcImageGenerator implements ImageGenerator {
  private static final Logger log = LoggerFactory.getLogger(GrpcImageGenerator.class);

  /** The service's methods, their answers read by {@link ReplyMarshaller} (images into memory). */
  private static final MethodDescriptor<io.github.yandexart.proto.imagegeneration.ImageGenerationRequest,
      OperationReply> GENERATE = replying(ImageGenerationAsyncServiceGrpc.getGenerateMethod());
  private static final MethodDescriptor<GetOperationRequest, OperationReply> GET =
      replying(OperationServiceGrpc.getGetMethod());
  private static final MethodDescriptor<CancelOperationRequest, OperationReply> CANCEL =
      replying(OperationServiceGrpc.getCancelMethod());

  private final ClientConfig config;
  private final Credentials credentials;
  private final GrpcChannels channels;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GrpcImageGenerator(ClientConfig config, Credentials credentials, GrpcChannels channels) {
    this.config = config;
    this.credentials = credentials;
    this.channels = channels;
  }

  /**
   * A generator with channels to {@code config}'s endpoints (they connect on the first call).
   *
   * @throws IllegalStateException when {@code config} has no credentials
   */
  public static GrpcImageGenerator create(ClientConfig config) {
    Objects.requireNonNull(config, "config");
    Credentials credentials = config.requireCredentials();
    return new GrpcImageGenerator(config, credentials, GrpcChannels.open(config));
  }

  @Override
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, io.github.yandexart.CallOptions options) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    return new Call<>(channels.generation(), replying(GENERATE, options),
        ProtoMapping.toProto(request.withResolvedModelUri(config.folderId())), null, options).start();
  }

  @Override
  public CompletableFuture<Operation> getOperation(String operationId, io.github.yandexart.CallOptions options) {
    requireId(operationId);
    Objects.requireNonNull(options, "options");
    return new Call<>(channels.operations(), replying(GET, options),
        GetOperationRequest.newBuilder().setOperationId(operationId).build(), operationId, options).start();
  }

  @Override
  public CompletableFuture<Operation> cancelOperation(String operationId, io.github.yandexart.CallOptions options) {
    requireId(operationId);
    Objects.requireNonNull(options, "options");
    return new Call<>(channels.operations(), replying(CANCEL, options),
        CancelOperationRequest.newBuilder().setOperationId(operationId).build(), operationId, options).start();
  }

  private static <ReqT> MethodDescriptor<ReqT, OperationReply> replying(
      MethodDescriptor<ReqT, io.github.yandexart.proto.operation.Operation> method) {
    return method.toBuilder(method.getRequestMarshaller(), ReplyMarshaller.IN_MEMORY).build();
  }

  /**
   * {@code method}, or, when {@code options} carry an image sink, the same method whose reply streams
   * its image into that sink.
   */
  private static <ReqT> MethodDescriptor<ReqT, OperationReply> replying(
      MethodDescriptor<ReqT, OperationReply> method, io.github.yandexart.CallOptions options) {
    return options.imageSink()
        .map(sink -> method.toBuilder(method.getRequestMarshaller(), ReplyMarshaller.streamingTo(sink)).build())
        .orElse(method);
  }

  private static void requireId(String operationId) {
    if (operationId == null || operationId.isBlank()) {
      throw new IllegalArgumentException("operation id is " + (operationId == null ? "null" : "blank")
          + ": pass the id that submit returned");
    }
  }

  /**
   * Shuts the channels down, giving calls in flight a few seconds ({@link
   * GrpcChannels#SHUTDOWN_GRACE}) before cutting them off. Calls made afterwards fail at once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      channels.close();
    }
  }

  /** The distinct channels (one when both endpoints are the same); for tests. */
  List<io.grpc.ManagedChannel> channels() {
    return channels.channels();
  }

  @Override
  public String toString() {
    return "GrpcImageGenerator{generation=" + channels.generation().target()
        + ", operations=" + channels.operations().target() + (closed.get() ? ", closed" : "") + "}";
  }

  private Metadata requestHeaders(String authorization, String clientRequestId) {
    Metadata m = new Metadata();
    m.put(GrpcHeaders.AUTHORIZATION, authorization);
    config.folderIdHeader().ifPresent(folder -> m.put(GrpcHeaders.FOLDER_ID, folder));
    config.dataLogging().ifPresent(enabled -> m.put(GrpcHeaders.DATA_LOGGING, enabled.toString()));
    m.put(GrpcHeaders.CLIENT_REQUEST_ID, clientRequestId);
    return m;
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  /** One call as the caller sees it: fetching the credentials, one attempt, maybe a second. */
  private final class Call<ReqT> {
    private final Endpoint endpoint;
    private final MethodDescriptor<ReqT, OperationReply> method;
    private final ReqT request;
    private final String operationId;
    private final Duration timeout;
    private final Deadline deadline;
    /** The caller's x-client-request-id (CallOptions), sent on every attempt of this call. */
    private final String requestedClientRequestId;
    /** Where the call's listener runs and so its future completes: the caller's executor, else the callback pool. */
    private final Executor executor;
    private final CompletableFuture<Operation> result = new CompletableFuture<>();
    private volatile CompletableFuture<CallResult> inFlight;

    Call(Endpoint endpoint, MethodDescriptor<ReqT, OperationReply> method,
        ReqT request, String operationId, io.github.yandexart.CallOptions options) {
      this.endpoint = endpoint;
      this.method = method;
      this.request = request;
      this.operationId = operationId;
      this.timeout = options.timeoutOr(config.waitPolicy().callTimeout());
      this.requestedClientRequestId = options.clientRequestId().orElse(null);
      this.executor = options.executor().map(NeverRejecting::of)
          .orElse(channels.threads().callbacks());
      this.deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    CompletableFuture<Operation> start() {
      if (closed.get()) {
        result.completeExceptionally(
            new IllegalStateException("this gRPC ImageGenerator is closed; nothing was sent: make a new one"));
        return result;
      }
      result.whenComplete((r, e) -> {
        CompletableFuture<CallResult> call = inFlight;
        if (result.isCancelled() && call != null) {
          call.cancel(false);
        }
      });
      CompletableFuture<String> value = authorization();
      String ready = value.isDone() && !value.isCompletedExceptionally() ? value.getNow(null) : null;
      if (ready != null) {
        // static credentials (and a cached token): no timer, no callback
        attempt(ready, true);
        return result;
      }
      value.whenComplete((authorization, e) -> {
        if (e != null) {
          result.completeExceptionally(credentialsFailure(e));
        } else {
          attempt(authorization, true);
        }
      });
      return result;
    }

    private CompletableFuture<String> authorization() {
      CompletableFuture<String> value;
      try {
        value = Objects.requireNonNull(credentials.authorization(), "authorization()");
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (value.isDone() && !value.isCompletedExceptionally() && value.getNow(null) != null) {
        // already there: a timeout cannot apply, and a dependent future would only cost
        return value;
      }
      long left = Math.max(1, deadline.timeRemaining(TimeUnit.NANOSECONDS));
      // a dependent future: orTimeout must not complete a future the credentials share
      return value.thenApply(Function.identity()).orTimeout(left, TimeUnit.NANOSECONDS);
    }

    private ApiCallException credentialsFailure(Throwable e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ApiCallException) {
        return operationId == null ? (ApiCallException) cause
            : ((ApiCallException) cause).withOperationId(operationId);
      }
      if (cause instanceof TimeoutException) {
        return ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, Origin.CLIENT)
            .operationId(operationId)
            .message("the credentials (" + credentials.describe() + ") gave no Authorization value"
                + " within the call timeout of " + GrpcErrors.seconds(timeout) + "; nothing was sent")
            .build();
      }
      // the cause's message is left out: it might quote a secret
      return ApiCallException.builder(StatusCode.UNAUTHENTICATED, Origin.CLIENT)
          .operationId(operationId)
          .message("the credentials (" + credentials.describe() + ") failed with "
              + cause.getClass().getName() + "; nothing was sent")
          .build();
    }

    private void attempt(String authorization, boolean mayRenewAuthorization) {
      if (result.isDone()) {
        return;
      }
      String clientRequestId = requestedClientRequestId != null ? requestedClientRequestId
          : config.newClientRequestId();
      CallInfo info = new CallInfo(method.getBareMethodName(), endpoint.target(), operationId,
          clientRequestId, timeout, config.maxResponseSize());
      long started = System.nanoTime();
      CompletableFuture<CallResult> call;
      try {
        // Unless the caller named an executor, the listener runs on the callback pool, never on the event
        // loop: a caller's stage chained onto a returned future (thenApply, whenComplete) may block, and
        // a sink may write a file.
        CallOptions callOptions = CallOptions.DEFAULT.withDeadline(deadline).withExecutor(executor);
        call = UnaryCall.start(endpoint.channel(), method, callOptions,
            requestHeaders(authorization, clientRequestId), request);
      } catch (RuntimeException e) {
        result.completeExceptionally(ApiCallException.builder(StatusCode.INTERNAL, Origin.CLIENT)
            .operationId(operationId)
            .clientRequestId(clientRequestId)
            // the exception's own text is left out: it might quote a header value
            .message("the gRPC call could not be started (" + e.getClass().getName() + ")")
            .cause(e)
            .build());
        return;
      }
      inFlight = call;
      if (result.isCancelled()) {
        call.cancel(false);
      }
      call.whenComplete((r, e) -> {
        if (r != null) {
          finish(r, info, started, authorization, mayRenewAuthorization);
        }
      });
    }

    private void finish(CallResult r, CallInfo info, long started, String authorization,
        boolean mayRenewAuthorization) {
      if (log.isDebugEnabled()) {
        log.debug("gRPC {} {}{} -> {} in {} ms [x-client-request-id {}, x-request-id {},"
                + " x-server-trace-id {}]",
            info.method(), info.target(), operationId == null ? "" : " operation " + operationId,
            r.status().getCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            info.clientRequestId(), orDash(r.header(GrpcHeaders.REQUEST_ID)),
            orDash(r.header(GrpcHeaders.SERVER_TRACE_ID)));
      }
      if (r.status().isOk()) {
        complete(r, info, authorization);
        return;
      }
      ApiCallException error = GrpcErrors.failure(r, info, authorization);
      if (log.isDebugEnabled() && error.origin() != Origin.SERVER) {
        log.debug("gRPC {} failed with origin {}: {}", info.method(), error.origin(),
            error.getMessage());
      }
      if (mayRenewAuthorization && error.code() == StatusCode.UNAUTHENTICATED
          && error.origin() == Origin.SERVER) {
        renewAuthorization(authorization, error);
        return;
      }
      result.completeExceptionally(error);
    }

    /** After an UNAUTHENTICATED answer: drop the value sent, and try once more with a new one. */
    private void renewAuthorization(String rejected, ApiCallException error) {
      try {
        credentials.invalidate(rejected);
      } catch (RuntimeException e) {
        log.debug("Credentials.invalidate failed: {}", e.getClass().getName());
      }
      authorization().whenComplete((fresh, e) -> {
        if (e == null && fresh != null && !fresh.equals(rejected)) {
          log.debug("gRPC {} was refused as UNAUTHENTICATED; repeating it once with renewed"
              + " credentials", method.getBareMethodName());
          attempt(fresh, false);
        } else {
          result.completeExceptionally(error);
        }
      });
    }

    private void complete(CallResult r, CallInfo info, String authorization) {
      if (r.message().sinkFailure() != null) {
        // the caller's sink failed, not the call: the ImageSink contract's UncheckedIOException
        result.completeExceptionally(r.message().sinkFailure());
        return;
      }
      Operation operation;
      try {
        operation = Redaction.redact(ProtoMapping.fromReply(
            r.message(), PollInterval.parse(r.header(GrpcHeaders.POLL_INTERVAL))), authorization);
      } catch (ApiCallException e) {
        result.completeExceptionally(e.toBuilder()
            .clientRequestId(info.clientRequestId())
            .requestId(r.header(GrpcHeaders.REQUEST_ID))
            .serverTraceId(r.header(GrpcHeaders.SERVER_TRACE_ID))
            .build());
        return;
      } catch (RuntimeException e) {
        result.completeExceptionally(ApiCallException.builder(StatusCode.UNKNOWN, Origin.SERVER)
            .operationId(operationId)
            .clientRequestId(info.clientRequestId())
            .requestId(r.header(GrpcHeaders.REQUEST_ID))
            .serverTraceId(r.header(GrpcHeaders.SERVER_TRACE_ID))
            .message("the service's answer is not a valid operation: "
                + Redaction.redact(e.getMessage(), authorization))
            .cause(e)
            .build());
        return;
      }
      result.complete(operation);
    }
  }
}
