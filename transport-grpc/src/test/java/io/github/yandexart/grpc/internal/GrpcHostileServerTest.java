package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.Credentials;
import io.github.yandexart.Operation;
import io.github.yandexart.StatusCode;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Issue 9 over gRPC: secrets stay secret when a server echoes them. */
class GrpcHostileServerTest {
  private static final String TOKEN = "t1.CANARY-token-9f8e7d6c5b4a";

  private static String stackText(Throwable e) {
    StringWriter s = new StringWriter();
    e.printStackTrace(new PrintWriter(s));
    return s.toString();
  }

  @Test
  void anApiKeyEchoedInAGoogleRpcStatusIsRedacted() {
    try (ScriptedServer server = ScriptedServer.start(call -> {
      String echoed = "bad credentials: " + call.header("authorization");
      com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.PERMISSION_DENIED.value())
          .setMessage(echoed)
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("key " + TestCalls.API_KEY).build()))
          .build();
      call.fail(Status.PERMISSION_DENIED.withDescription(echoed), StatusProto.toStatusRuntimeException(details).getTrailers());
    });
        GrpcImageGenerator generator = GrpcImageGenerator.create(config(server.endpoint()).build())) {
      ApiCallException e = failure(generator.getOperation("op1"));

      assertThat(e.code()).isEqualTo(StatusCode.PERMISSION_DENIED);
      assertThat(e.status().orElseThrow().message()).isEqualTo("bad credentials: <redacted>");
      assertThat(e.toString() + stackText(e) + e.status().orElseThrow()).doesNotContain(TestCalls.API_KEY);
    }
  }

  @Test
  void aBearerTokenEchoedInAPlainStatusDescriptionIsRedacted() {
    try (ScriptedServer server = ScriptedServer.start(call ->
        call.fail(Status.UNAUTHENTICATED.withDescription("token " + call.header("authorization") + " expired"),
            new Metadata()));
        GrpcImageGenerator generator = GrpcImageGenerator.create(
            config(server.endpoint()).credentials(Credentials.iamToken(TOKEN)).build())) {
      ApiCallException e = failure(generator.getOperation("op1"));

      assertThat(e.status().orElseThrow().message()).isEqualTo("token <redacted> expired");
      assertThat(e.toString() + stackText(e)).doesNotContain(TOKEN);
    }
  }

  @Test
  void aTokenEchoedInAnOperationsErrorIsRedacted() {
    try (ScriptedServer server = ScriptedServer.start(call -> call.reply(
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("op1").setDone(true)
            .setDescription("for " + call.header("authorization"))
            .setError(com.google.rpc.Status.newBuilder().setCode(7)
                .setMessage(call.header("authorization") + " may not generate"))
            .build()));
        GrpcImageGenerator generator = GrpcImageGenerator.create(
            config(server.endpoint()).credentials(Credentials.iamToken(TOKEN)).build())) {
      Operation op = await(generator.getOperation("op1"));

      assertThat(op.error().orElseThrow().message()).isEqualTo("<redacted> may not generate");
      assertThat(op.toString() + op.description()).doesNotContain(TOKEN);
    }
  }
}
