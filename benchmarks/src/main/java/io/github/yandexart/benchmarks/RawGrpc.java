package io.github.yandexart.benchmarks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationOptions;
import io.github.yandexart.proto.imagegeneration.ImageGenerationRequest;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.imagegeneration.Message;
import io.github.yandexart.proto.operation.GetOperationRequest;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The raw gRPC baseline: grpc-java's generated stubs (the project's {@code proto} module) on a Netty
 * channel with the transport's settings (plaintext, no retries, the same inbound message limit).
 */
final class RawGrpc implements AutoCloseable {
  static final ImageGenerationRequest REQUEST = ImageGenerationRequest.newBuilder()
      .setModelUri("art://b1gbench/yandex-art/latest")
      .addMessages(Message.newBuilder().setText("a red cat").setWeight(1))
      .setGenerationOptions(ImageGenerationOptions.newBuilder().setSeed(7))
      .build();

  private final ManagedChannel channel;
  private final ImageGenerationAsyncServiceGrpc.ImageGenerationAsyncServiceBlockingStub generateBlocking;
  private final OperationServiceGrpc.OperationServiceBlockingStub operationsBlocking;
  private final ImageGenerationAsyncServiceGrpc.ImageGenerationAsyncServiceFutureStub generateFuture;
  private final OperationServiceGrpc.OperationServiceFutureStub operationsFuture;

  RawGrpc(URI endpoint) {
    channel = NettyChannelBuilder.forAddress(endpoint.getHost(), endpoint.getPort())
        .usePlaintext()
        .maxInboundMessageSize(64 << 20)
        .disableRetry()
        .build();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), RawRest.AUTHORIZATION);
    io.grpc.ClientInterceptor auth = MetadataUtils.newAttachHeadersInterceptor(headers);
    generateBlocking = ImageGenerationAsyncServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    operationsBlocking = OperationServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    generateFuture = ImageGenerationAsyncServiceGrpc.newFutureStub(channel).withInterceptors(auth);
    operationsFuture = OperationServiceGrpc.newFutureStub(channel).withInterceptors(auth);
  }

  /** Submit then read, on blocking stubs (the caller's thread runs the callbacks). */
  ByteString blockingSubmitThenGet() throws InvalidProtocolBufferException {
    Operation started = generateBlocking.withDeadlineAfter(10, TimeUnit.SECONDS).generate(REQUEST);
    Operation done = operationsBlocking.withDeadlineAfter(10, TimeUnit.SECONDS)
        .get(GetOperationRequest.newBuilder().setOperationId(started.getId()).build());
    return image(done);
  }

  /** Submit then read, on future stubs (callbacks on the channel's executor), the caller waiting on each. */
  ByteString futureSubmitThenGet()
      throws InvalidProtocolBufferException, InterruptedException, ExecutionException, TimeoutException {
    Operation started = generateFuture.withDeadlineAfter(10, TimeUnit.SECONDS).generate(REQUEST)
        .get(10, TimeUnit.SECONDS);
    Operation done = operationsFuture.withDeadlineAfter(10, TimeUnit.SECONDS)
        .get(GetOperationRequest.newBuilder().setOperationId(started.getId()).build())
        .get(10, TimeUnit.SECONDS);
    return image(done);
  }

  static ByteString image(Operation op) throws InvalidProtocolBufferException {
    if (!op.getDone() || !op.hasResponse()) {
      throw new IllegalStateException("operation " + op.getId() + " is not done with an image");
    }
    return op.getResponse().unpack(ImageGenerationResponse.class).getImage();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
