package io.github.yandexart.emulator.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.EmulatorFaults;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.imagegeneration.Message;
import io.github.yandexart.proto.operation.CancelOperationRequest;
import io.github.yandexart.proto.operation.GetOperationRequest;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's gRPC side, spoken to with plain grpc-java stubs, in process and over a socket. */
class GrpcFrontendTest {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private final InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
  private final EmulatorContext context = new EmulatorContext(store, new EmulatorFaults(), true);
  private GrpcFrontend frontend;
  private ManagedChannel channel;
  private final Captured captured = new Captured();

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (frontend != null) {
      frontend.close();
    }
  }

  private Channel inProcess() {
    String name = "grpc-frontend-test-" + NAMES.incrementAndGet();
    frontend = GrpcFrontend.startInProcess(context, name);
    channel = InProcessChannelBuilder.forName(name).build();
    return channel;
  }

  private Channel overSocket() {
    frontend = GrpcFrontend.start(context, "127.0.0.1", 0);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", frontend.port()).usePlaintext().build();
    return channel;
  }

  private ImageGenerationAsyncServiceGrpc.ImageGenerationAsyncServiceBlockingStub generation(
      Channel channel, String authorization) {
    return ImageGenerationAsyncServiceGrpc.newBlockingStub(channel)
        .withInterceptors(captured.with(authorization))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private OperationServiceGrpc.OperationServiceBlockingStub operations(Channel channel) {
    return OperationServiceGrpc.newBlockingStub(channel)
        .withInterceptors(captured.with("Api-Key test"))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static io.github.yandexart.proto.imagegeneration.ImageGenerationRequest request(String prompt) {
    return io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder()
        .setModelUri("art://b1gemulator/yandex-art/latest")
        .addMessages(Message.newBuilder().setText(prompt).setWeight(1))
        .build();
  }

  @Test
  void generateAnswersARunningOperationWithTimestampsAndRequestIds() {
    Operation op = generation(inProcess(), "Api-Key test").generate(request("a red cat"));

    assertThat(op.getId()).isEqualTo(store.operationIds().get(0));
    assertThat(op.getDone()).isFalse();
    assertThat(op.hasCreatedAt()).isTrue();
    assertThat(op.hasModifiedAt()).isTrue();
    assertThat(op.getCreatedAt().getSeconds()).isPositive();
    assertThat(captured.headers.get(REQUEST_ID)).isNotBlank();
    assertThat(captured.headers.get(CallInterceptor.SERVER_TRACE_ID)).isNotBlank();
  }

  @Test
  void finishedOperationPacksTheImageAsAnImageGenerationResponse() throws Exception {
    store.setDefaultOutcome(Outcome.succeedAfterReads(1));
    Channel channel = inProcess();
    String id = generation(channel, "Api-Key test").generate(request("a red cat")).getId();

    Operation done = operations(channel).get(GetOperationRequest.newBuilder().setOperationId(id).build());

    assertThat(done.getDone()).isTrue();
    assertThat(done.hasError()).isFalse();
    assertThat(done.getResponse().getTypeUrl()).isEqualTo(
        "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse");
    byte[] image = done.getResponse().unpack(ImageGenerationResponse.class).getImage().toByteArray();
    assertThat(image).isEqualTo(store.get(id).image().orElseThrow().bytes());
    assertThat(image).startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff);
  }

  @Test
  void operationCreatedInTheStoreIsReadAndCancelledOverGrpc() {
    store.enqueueOutcome(Outcome.neverDone());
    String id = store.submit(ImageGenerationRequest.of(ModelUri.of("b1gstore"), "made elsewhere")).id();
    Channel channel = inProcess();

    Operation read = operations(channel).get(GetOperationRequest.newBuilder().setOperationId(id).build());
    Operation cancelled = operations(channel).cancel(
        CancelOperationRequest.newBuilder().setOperationId(id).build());

    assertThat(read.getId()).isEqualTo(id);
    assertThat(read.getDone()).isFalse();
    assertThat(cancelled.getDone()).isTrue();
    assertThat(cancelled.getError().getCode()).isEqualTo(1);
  }

  @Test
  void requestArrivesInTheStoreAsTheApiValue() {
    generation(inProcess(), "Api-Key test").generate(
        io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder()
            .setModelUri("art://b1gemulator/yandex-art/latest")
            .addMessages(Message.newBuilder().setText("a lighthouse").setWeight(1))
            .addMessages(Message.newBuilder().setText("fog").setWeight(-0.5))
            .setGenerationOptions(io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
                .setMimeType("image/jpeg")
                .setSeed(42)
                .setAspectRatio(io.github.yandexart.proto.imagegeneration.AspectRatio.newBuilder()
                    .setWidthRatio(16).setHeightRatio(9)))
            .build());

    assertThat(store.submittedRequests()).containsExactly(ImageGenerationRequest.builder()
        .modelUri(ModelUri.parse("art://b1gemulator/yandex-art/latest"))
        .addMessage("a lighthouse", 1)
        .addMessage("fog", -0.5)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(42).aspectRatio(AspectRatio.of(16, 9)).build())
        .build());
  }

  @Test
  void callWithoutAuthorizationIsUnauthenticatedAndNeverReachesTheStore() {
    Channel channel = inProcess();
    StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, null).generate(request("a red cat")));
    StatusRuntimeException wrongScheme = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, "Basic dXNlcjpwYXNz").generate(request("a red cat")));

    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(missing.getStatus().getDescription()).contains("missing the Authorization");
    assertThat(wrongScheme.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(wrongScheme.getStatus().getDescription()).contains("Api-Key", "Bearer");
    assertThat(store.calls()).isEmpty();
    assertThat(context.requests()).hasSize(2);
  }

  @Test
  void callWithoutAuthorizationIsServedWhenTheEmulatorDoesNotRequireIt() {
    EmulatorContext open = new EmulatorContext(store, new EmulatorFaults(), false);
    String name = "grpc-frontend-open-" + NAMES.incrementAndGet();
    frontend = GrpcFrontend.startInProcess(open, name);
    channel = InProcessChannelBuilder.forName(name).build();

    assertThat(generation(channel, null).generate(request("a red cat")).getId()).isNotBlank();
  }

  @Test
  void storeErrorKeepsItsCodeAndMessageWithRequestInfoInTheStatusDetails() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> operations(inProcess()).get(GetOperationRequest.newBuilder().setOperationId("nope").build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription()).isEqualTo("Operation nope not found");
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details.getCode()).isEqualTo(StatusCode.NOT_FOUND.number());
    assertThat(details.getMessage()).isEqualTo("Operation nope not found");
    assertThat(details.getDetailsList()).hasSize(1);
    assertThat(unpack(details.getDetails(0), RequestInfo.class).getRequestId())
        .isEqualTo(e.getTrailers().get(REQUEST_ID))
        .isNotBlank();
  }

  @Test
  void refusalWithRetryAfterCarriesRetryInfo() {
    store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofMillis(1500));

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(inProcess(), "Api-Key test").generate(request("too many")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    RetryInfo retry = details.getDetailsList().stream()
        .filter(a -> a.is(RetryInfo.class)).findFirst()
        .map(a -> unpack(a, RetryInfo.class)).orElseThrow();
    assertThat(retry.getRetryDelay().getSeconds()).isEqualTo(1);
    assertThat(retry.getRetryDelay().getNanos()).isEqualTo(500_000_000);
  }

  @Test
  void invalidRequestsAreRefusedAsInvalidArgumentSayingWhatIsWrong() {
    Channel channel = inProcess();
    var valid = request("a red cat");
    List<Case> cases = List.of(
        new Case(valid.toBuilder().setModelUri("").build(), "model_uri is required"),
        new Case(valid.toBuilder().setModelUri("art:///yandex-art/latest").build(), "no folder id"),
        new Case(valid.toBuilder().clearMessages().build(), "no messages"),
        new Case(valid.toBuilder().setMessages(0, Message.newBuilder().setText(" ").setWeight(1)).build(),
            "blank"),
        new Case(valid.toBuilder().setMessages(0, Message.newBuilder().setText("x").setWeight(-1)).build(),
            "positive weight"),
        new Case(valid.toBuilder().setGenerationOptions(
            io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
                .setAspectRatio(io.github.yandexart.proto.imagegeneration.AspectRatio.newBuilder()
                    .setWidthRatio(0).setHeightRatio(1))).build(), "aspect ratio 0:1"),
        new Case(valid.toBuilder().setGenerationOptions(
            io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
                .setSeed(-5)).build(), "seed -5"),
        new Case(valid.toBuilder().setGenerationOptions(
            io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
                .setMimeType("jpeg")).build(), "MIME type"));
    for (Case c : cases) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> generation(channel, "Api-Key test").generate(c.request));
      assertThat(e).as(c.expected).isNotNull();
      assertThat(e.getStatus().getCode()).as(c.expected).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains(c.expected);
    }
    StatusRuntimeException noId = catchThrowableOfType(StatusRuntimeException.class,
        () -> operations(channel).get(GetOperationRequest.getDefaultInstance()));
    assertThat(noId.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noId.getStatus().getDescription()).contains("operation_id is required");
    assertThat(store.submittedRequests()).isEmpty();
  }

  private record Case(io.github.yandexart.proto.imagegeneration.ImageGenerationRequest request,
      String expected) {}

  @Test
  void everyCallIsRecordedWithItsMethodLowerCaseMetadataAndTextBody() {
    Channel channel = inProcess();
    String id = generation(channel, "Api-Key recorded").generate(request("a recorded cat")).getId();
    operations(channel).get(GetOperationRequest.newBuilder().setOperationId(id).build());

    List<RecordedRequest> requests = context.requests();
    assertThat(requests).extracting(RecordedRequest::method).containsExactly(
        "yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationAsyncService/Generate",
        "yandex.cloud.operation.OperationService/Get");
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.protocol()).isEqualTo(RecordedRequest.Protocol.GRPC);
      assertThat(r.headers().keySet()).allSatisfy(k -> assertThat(k).isLowerCase());
    });
    assertThat(requests.get(0).header("Authorization")).contains("Api-Key recorded");
    assertThat(requests.get(0).body())
        .contains("model_uri: \"art://b1gemulator/yandex-art/latest\"", "text: \"a recorded cat\"");
    assertThat(requests.get(1).body()).contains("operation_id: \"" + id + "\"");
  }

  @Test
  void delayedAnswerArrivesLaterWithoutHoldingUpOtherCalls() throws Exception {
    var stub = OperationServiceGrpc.newStub(inProcess()).withInterceptors(captured.with("Api-Key t"));
    String id = store.submit(ImageGenerationRequest.of(ModelUri.of("b1gdelay"), "slow")).id();
    context.faults().delayNextResponses(1, Duration.ofSeconds(1));
    long started = System.nanoTime();

    // which of the two takes the delay depends on which the server handles first
    CompletableFuture<Operation> a = new CompletableFuture<>();
    CompletableFuture<Operation> b = new CompletableFuture<>();
    stub.get(GetOperationRequest.newBuilder().setOperationId(id).build(), observer(a));
    stub.get(GetOperationRequest.newBuilder().setOperationId(id).build(), observer(b));
    CompletableFuture.anyOf(a, b).get(10, TimeUnit.SECONDS);

    assertThat(a.isDone() ^ b.isDone()).as("exactly one answered at once").isTrue();
    assertThat(a.get(10, TimeUnit.SECONDS).getId()).isEqualTo(id);
    assertThat(b.get(10, TimeUnit.SECONDS).getId()).isEqualTo(id);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  private static StreamObserver<Operation> observer(CompletableFuture<Operation> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Operation value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  @Test
  void delayedAnswerPastTheClientsDeadlineEndsInDeadlineExceeded() {
    Channel channel = inProcess();
    context.faults().delayNextResponses(1, Duration.ofHours(1));

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, "Api-Key test").withDeadlineAfter(1, TimeUnit.SECONDS)
            .generate(request("never answered")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(generation(channel, "Api-Key test").generate(request("answered")).getId()).isNotBlank();
  }

  @Test
  void droppedCallResetsTheConnectionAfterTheStoreActed() {
    Channel channel = overSocket();
    assertThat(generation(channel, "Api-Key test").generate(request("connect first")).getId()).isNotBlank();
    context.faults().dropNextConnections(1);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, "Api-Key test").generate(request("dropped")));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getTrailers() == null ? null : e.getTrailers().get(REQUEST_ID)).isNull();
    assertThat(store.submittedRequests()).hasSize(2);
    assertThat(generation(channel, "Api-Key test").generate(request("after")).getId()).isNotBlank();
  }

  @Test
  void droppedCallInProcessIsAbortedWithoutAnAnswer() {
    Channel channel = inProcess();
    context.faults().dropNextConnections(1);

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, "Api-Key test").generate(request("dropped")));

    // grpc-java cancels the stream of a handler that throws: the client gets UNKNOWN, no trailers
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(e.getTrailers() == null ? null : e.getTrailers().get(REQUEST_ID)).isNull();
    assertThat(store.submittedRequests()).hasSize(1);
  }

  @Test
  void servesOnARealPortUntilClosed() {
    Channel channel = overSocket();
    assertThat(frontend.port()).isPositive();
    assertThat(generation(channel, "Api-Key test").generate(request("over TCP")).getId()).isNotBlank();

    frontend.close();
    frontend = null;

    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> generation(channel, "Api-Key test").generate(request("after close")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** Adds an authorization header and keeps the response headers of the last call. */
  private static final class Captured {
    volatile Metadata headers = new Metadata();

    ClientInterceptor with(String authorization) {
      return new ClientInterceptor() {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions options, Channel next) {
          return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<RespT> listener, Metadata requestHeaders) {
              if (authorization != null) {
                requestHeaders.put(EmulatorService.AUTHORIZATION, authorization);
              }
              super.start(new SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata responseHeaders) {
                  headers = responseHeaders;
                  super.onHeaders(responseHeaders);
                }
              }, requestHeaders);
            }
          };
        }
      };
    }
  }
}
