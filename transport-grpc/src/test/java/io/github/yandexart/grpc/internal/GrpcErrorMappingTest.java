package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static io.github.yandexart.grpc.internal.TestCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.rpc.DebugInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How answers from a scripted server become operations and exceptions. */
class GrpcErrorMappingTest {
  private static final Map<String, ScriptedServer.Script> scripts = new ConcurrentHashMap<>();
  private static ScriptedServer server;
  private static GrpcImageGenerator generator;

  @BeforeAll
  static void start() {
    // each test answers the operation ids it owns; a Get for "CODE_NAME" fails with that code
    server = ScriptedServer.start(call -> {
      ScriptedServer.Script script = scripts.get(call.operationId());
      if (script != null) {
        script.answer(call);
        return;
      }
      Status.Code code = Status.Code.valueOf(call.operationId());
      call.fail(Status.fromCode(code).withDescription("scripted " + code),
          ScriptedServer.metadata("x-request-id", "req-" + code, "x-server-trace-id", "trace-" + code));
    });
    generator = GrpcImageGenerator.create(config(server.endpoint()).build());
  }

  @AfterAll
  static void stop() {
    generator.close();
    server.close();
  }

  @Test
  void everyGrpcCodeMapsToTheStatusCodeOfTheSameNameAndNumber() {
    for (Status.Code code : Status.Code.values()) {
      StatusCode mapped = GrpcErrors.code(code);
      assertThat(mapped.name()).isEqualTo(code.name());
      assertThat(mapped.number()).isEqualTo(code.value());
    }
  }

  @Test
  void everyErrorStatusFromTheServerArrivesWithItsCodeMessageAndIds() {
    for (Status.Code code : Status.Code.values()) {
      if (code == Status.Code.OK) {
        continue;
      }
      ApiCallException e = failure(generator.getOperation(code.name()));
      assertThat(e.code().name()).isEqualTo(code.name());
      assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
      assertThat(e.status().orElseThrow().message()).isEqualTo("scripted " + code);
      assertThat(e.requestId()).contains("req-" + code);
      assertThat(e.serverTraceId()).contains("trace-" + code);
      assertThat(e.operationId()).contains(code.name());
      assertThat(e.clientRequestId()).isPresent();
      assertThat(e.getMessage()).contains(code.name(), "scripted " + code, "req-" + code);
    }
  }

  @Test
  void statusDetailsInTheTrailersAreDecoded() {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
        .setMessage("quota of 500 generations per minute exceeded")
        .addDetails(Any.pack(RequestInfo.newBuilder()
            .setRequestId("detail-request-id").setServingData("shard 7").build()))
        .addDetails(Any.pack(RetryInfo.newBuilder()
            .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(2).setNanos(500_000_000))
            .build()))
        .addDetails(Any.pack(DebugInfo.newBuilder().setDetail("stack").build()))
        .build();
    io.grpc.StatusRuntimeException asThrown = StatusProto.toStatusRuntimeException(details);
    scripts.put("details", call -> call.fail(asThrown.getStatus(), asThrown.getTrailers()));

    ApiCallException e = failure(generator.getOperation("details"));

    assertThat(e.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
    assertThat(e.requestId()).contains("detail-request-id");
    OperationStatus status = e.status().orElseThrow();
    assertThat(status.message()).isEqualTo("quota of 500 generations per minute exceeded");
    assertThat(status.details()).containsExactly(
        OperationStatus.Detail.of(OperationStatus.REQUEST_INFO_TYPE,
            Map.of("requestId", "detail-request-id", "servingData", "shard 7")),
        OperationStatus.Detail.of(ProtoMapping.RETRY_INFO_TYPE_URL, Map.of("retryDelay", "2.500s")),
        OperationStatus.Detail.of("type.googleapis.com/google.rpc.DebugInfo", Map.of()));
  }

  @Test
  void requestIdsInTheResponseHeadersAreKeptWhenTheCallThenFails() {
    scripts.put("headers-then-error", call -> call.failAfterHeaders(
        Status.INTERNAL.withDescription("broke while generating"),
        ScriptedServer.metadata("x-request-id", "from-headers", "x-server-trace-id", "trace-h")));

    ApiCallException e = failure(generator.getOperation("headers-then-error"));

    assertThat(e.code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.SERVER);
    assertThat(e.requestId()).contains("from-headers");
    assertThat(e.serverTraceId()).contains("trace-h");
    assertThat(e.isRetryableRead()).isTrue();
  }

  @Test
  void failedOperationCarriesTheDecodedStatusOfItsError() {
    scripts.put("failed-op", call -> call.reply(io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("failed-op")
        .setDone(true)
        .setError(com.google.rpc.Status.newBuilder()
            .setCode(3)
            .setMessage("Запрос нарушает политику")
            .addDetails(Any.pack(RequestInfo.newBuilder().setRequestId("op-request").build()))
            .addDetails(Any.newBuilder().setTypeUrl("type.googleapis.com/yandex.Unknown")
                .setValue(ByteString.copyFromUtf8("opaque"))))
        .build()));

    Operation op = await(generator.getOperation("failed-op"));

    OperationStatus error = op.error().orElseThrow();
    assertThat(error.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(error.message()).isEqualTo("Запрос нарушает политику");
    assertThat(error.requestId()).contains("op-request");
    assertThat(error.details()).containsExactly(
        OperationStatus.Detail.requestInfo("op-request"),
        OperationStatus.Detail.of("type.googleapis.com/yandex.Unknown", Map.of()));
    assertThat(op.state()).isEqualTo("FAILED");
  }

  @Test
  void timestampsBecomeInstantsAndUnsetOnesAreEmpty() {
    scripts.put("fresh", call -> call.reply(io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("fresh").build()));
    scripts.put("dated", call -> call.reply(io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("dated")
        .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(123_456_789))
        .setModifiedAt(Timestamp.newBuilder().setSeconds(1_700_000_060))
        .setCreatedBy("ajeexample")
        .setDescription("Image generation")
        .build()));

    Operation fresh = await(generator.getOperation("fresh"));
    Operation dated = await(generator.getOperation("dated"));

    assertThat(fresh.createdAt()).isEmpty();
    assertThat(fresh.modifiedAt()).isEmpty();
    assertThat(fresh.done()).isFalse();
    assertThat(dated.createdAt()).contains(Instant.ofEpochSecond(1_700_000_000, 123_456_789));
    assertThat(dated.modifiedAt()).contains(Instant.ofEpochSecond(1_700_000_060));
    assertThat(dated.createdBy()).isEqualTo("ajeexample");
    assertThat(dated.description()).isEqualTo("Image generation");
  }

  @Test
  void responseOfAnotherTypeIsAClearErrorNamingBothTypeUrls() {
    scripts.put("wrong-type", call -> call.reply(io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("wrong-type")
        .setDone(true)
        .setResponse(Any.pack(com.google.protobuf.Empty.getDefaultInstance()))
        .build(), ScriptedServer.metadata("x-request-id", "wrong-type-request")));

    ApiCallException e = failure(generator.getOperation("wrong-type"));

    assertThat(e.code()).isEqualTo(StatusCode.UNKNOWN);
    assertThat(e.operationId()).contains("wrong-type");
    assertThat(e.requestId()).contains("wrong-type-request");
    assertThat(e.isRetryableRead()).isFalse();
    assertThat(e.getMessage()).contains(
        "type.googleapis.com/google.protobuf.Empty", ProtoMapping.RESPONSE_TYPE_URL);
  }

  @Test
  void imageAndModelVersionAreUnpackedFromTheResponse() {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3};
    scripts.put("done", call -> call.reply(io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("done")
        .setDone(true)
        .setResponse(Any.pack(ImageGenerationResponse.newBuilder()
            .setImage(ByteString.copyFrom(jpeg)).setModelVersion("art-2.1").build()))
        .build()));

    Operation op = await(generator.getOperation("done"));

    assertThat(op.image().orElseThrow().bytes()).isEqualTo(jpeg);
    assertThat(op.image().orElseThrow().mimeType()).isEqualTo("image/jpeg");
    assertThat(op.image().orElseThrow().modelVersion()).contains("art-2.1");
  }

  @Test
  void pollIntervalHeaderBecomesTheOperationsPollHint() {
    scripts.put("hinted", call -> call.reply(
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("hinted").build(),
        ScriptedServer.metadata("x-operation-poll-interval", "2.5")));
    scripts.put("hintless", call -> call.reply(
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("hintless").build()));

    assertThat(await(generator.getOperation("hinted")).pollInterval()).contains(Duration.ofMillis(2500));
    assertThat(await(generator.getOperation("hintless")).pollInterval()).isEmpty();
  }

  @Test
  void errorWithoutDetailsStillCarriesTheServersMessageAsStatus() {
    scripts.put("plain", call -> call.fail(Status.NOT_FOUND.withDescription("Operation plain not found"),
        new Metadata()));

    ApiCallException e = failure(generator.getOperation("plain"));

    assertThat(e.status()).contains(OperationStatus.of(StatusCode.NOT_FOUND, "Operation plain not found"));
    assertThat(e.requestId()).isEmpty();
    assertThat(e.retryAfter()).isEmpty();
  }
}
