package io.github.yandexart.cli;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A service on 127.0.0.1, over REST and gRPC, that gives every submit the operation id a test chose
 * (a path, an escape sequence, a shell command) and answers every read with that operation, done
 * with a small JPEG or still running. Records what it was asked.
 */
final class HostileServer implements AutoCloseable {
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0,
      (byte) 0xff, (byte) 0xd9};

  private final String id;
  private final boolean finishes;
  private final HttpServer rest;
  private final Server grpc;
  /** REST request lines and gRPC method names with the id they named. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  private HostileServer(String id, boolean finishes) throws IOException {
    this.id = id;
    this.finishes = finishes;
    rest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    rest.createContext("/", this::answer);
    rest.start();
    grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerServiceDefinition.builder(ImageGenerationAsyncServiceGrpc.getServiceDescriptor())
            .addMethod(ImageGenerationAsyncServiceGrpc.getGenerateMethod(), handler(false)).build())
        .addService(ServerServiceDefinition.builder(OperationServiceGrpc.getServiceDescriptor())
            .addMethod(OperationServiceGrpc.getGetMethod(), handler(true))
            .addMethod(OperationServiceGrpc.getCancelMethod(), handler(true)).build())
        .build().start();
  }

  /** Serves operation {@code id}; reads find it done when {@code finishes}, else running forever. */
  static HostileServer start(String id, boolean finishes) {
    try {
      return new HostileServer(id, finishes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI endpoint(String transport) {
    return URI.create("http://127.0.0.1:" + (transport.equals("grpc") ? grpc.getPort() : rest.getAddress().getPort()));
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
    exchange.getRequestBody().readAllBytes();
    boolean read = exchange.getRequestURI().getRawPath().startsWith("/operations/");
    String json = "{\"id\":" + json(id) + ",\"description\":\"\",\"done\":" + (read && finishes)
        + (read && finishes ? ",\"response\":{\"@type\":\"type.googleapis.com/yandex.cloud.ai.foundation_models.v1"
            + ".image_generation.ImageGenerationResponse\",\"image\":\"" + Base64.getEncoder().encodeToString(JPEG)
            + "\",\"modelVersion\":\"\"}" : "")
        + "}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private <ReqT> ServerCallHandler<ReqT, Operation> handler(boolean read) {
    return (call, headers) -> {
      call.request(1);
      return new io.grpc.ServerCall.Listener<>() {
        @Override
        public void onMessage(ReqT message) {
          requests.add(call.getMethodDescriptor().getBareMethodName() + " " + message.toString().strip());
          Operation.Builder op = Operation.newBuilder().setId(id).setDone(read && finishes);
          if (read && finishes) {
            op.setResponse(Any.pack(ImageGenerationResponse.newBuilder().setImage(ByteString.copyFrom(JPEG)).build()));
          }
          call.sendHeaders(new Metadata());
          call.sendMessage(op.build());
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Override
  public void close() {
    rest.stop(0);
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
