package io.github.yandexart.grpc.internal;

import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on 127.0.0.1 that answers each call as a test script says: with an operation and
 * chosen headers, with a status and chosen trailers, or never. Records every call.
 */
final class ScriptedServer implements AutoCloseable {
  /** How to answer one call. */
  interface Script {
    void answer(Received call);
  }

  private final Server server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private ScriptedServer(Script script) {
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition
            .builder(ImageGenerationAsyncServiceGrpc.getServiceDescriptor())
            .addMethod(ImageGenerationAsyncServiceGrpc.getGenerateMethod(), handler(script))
            .build())
        .addService(ServerServiceDefinition.builder(OperationServiceGrpc.getServiceDescriptor())
            .addMethod(OperationServiceGrpc.getGetMethod(), handler(script))
            .addMethod(OperationServiceGrpc.getCancelMethod(), handler(script))
            .build())
        .build();
  }

  static ScriptedServer start(Script script) {
    ScriptedServer s = new ScriptedServer(script);
    try {
      s.server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private <ReqT> ServerCallHandler<ReqT, Operation> handler(Script script) {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        private Received r;

        @Override
        public void onMessage(ReqT message) {
          r = new Received(call.getMethodDescriptor().getBareMethodName(), headers, message, call);
          received.add(r);
          script.answer(r);
        }

        @Override
        public void onCancel() {
          if (r != null) {
            r.cancelled.complete(null);
          }
        }
      };
    };
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One call the server received. */
  static final class Received {
    final String method;
    final Metadata headers;
    final Object request;
    /** Completes when the client cancels the call (or its deadline passes). */
    final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private final ServerCall<?, Operation> call;

    Received(String method, Metadata headers, Object request, ServerCall<?, Operation> call) {
      this.method = method;
      this.headers = headers;
      this.request = request;
      this.call = call;
    }

    String header(String name) {
      return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }

    /** The operation id of a Get or Cancel; empty for Generate. */
    String operationId() {
      if (request instanceof io.github.yandexart.proto.operation.GetOperationRequest) {
        return ((io.github.yandexart.proto.operation.GetOperationRequest) request).getOperationId();
      }
      if (request instanceof io.github.yandexart.proto.operation.CancelOperationRequest) {
        return ((io.github.yandexart.proto.operation.CancelOperationRequest) request).getOperationId();
      }
      return "";
    }

    void reply(Operation operation) {
      reply(operation, new Metadata());
    }

    void reply(Operation operation, Metadata responseHeaders) {
      call.sendHeaders(responseHeaders);
      call.sendMessage(operation);
      call.close(Status.OK, new Metadata());
    }

    /** Sends response headers first, then fails: the ids arrive in the headers. */
    void failAfterHeaders(Status status, Metadata responseHeaders) {
      call.sendHeaders(responseHeaders);
      call.close(status, new Metadata());
    }

    void fail(Status status, Metadata trailers) {
      call.close(status, trailers);
    }
  }

  static Metadata metadata(String... namesAndValues) {
    Metadata m = new Metadata();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(Metadata.Key.of(namesAndValues[i], Metadata.ASCII_STRING_MARSHALLER), namesAndValues[i + 1]);
    }
    return m;
  }
}
