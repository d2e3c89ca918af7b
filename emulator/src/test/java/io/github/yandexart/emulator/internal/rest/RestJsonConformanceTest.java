package io.github.yandexart.emulator.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulator's hand-written REST JSON against protobuf-java-util's {@link JsonFormat} over the
 * generated classes, the independent reference of the proto3 JSON mapping. The transport's {@code
 * WireJson} is held to the same reference ({@code WireJsonConformanceTest}), so the two cannot drift
 * apart unnoticed. The parser is strict: an unknown or misspelt field fails.
 */
class RestJsonConformanceTest {
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(ImageGenerationResponse.getDescriptor())
      .add(RequestInfo.getDescriptor())
      .add(RetryInfo.getDescriptor())
      .build();
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:09Z");

  private final RestJson json = new RestJson();

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static String written(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      w.write(g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static io.github.yandexart.proto.operation.Operation parseOperation(String text) throws IOException {
    io.github.yandexart.proto.operation.Operation.Builder b = io.github.yandexart.proto.operation.Operation.newBuilder();
    JsonFormat.parser().usingTypeRegistry(TYPES).merge(text, b);
    return b.build();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  @Test
  void aDoneOperationIsTheOperationMessageWithAnImageResponse() throws IOException {
    byte[] image = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2, 3, (byte) 0xfe};
    Operation op = Operation.builder("fbv1").description("a red cat").createdAt(CREATED).createdBy("ajeuser")
        .modifiedAt(MODIFIED).done(true).image(GeneratedImage.of(image, "v1.2")).build();

    assertThat(parseOperation(written(g -> json.writeOperation(g, op)))).isEqualTo(
        io.github.yandexart.proto.operation.Operation.newBuilder()
            .setId("fbv1").setDescription("a red cat").setCreatedAt(timestamp(CREATED)).setCreatedBy("ajeuser")
            .setModifiedAt(timestamp(MODIFIED)).setDone(true)
            .setResponse(Any.pack(ImageGenerationResponse.newBuilder()
                .setImage(ByteString.copyFrom(image)).setModelVersion("v1.2").build()))
            .build());
  }

  @Test
  void aRunningOperationAndTheFirstAnswerHaveNoResult() throws IOException {
    Operation running = Operation.builder("fbv2").createdAt(CREATED).build();

    assertThat(parseOperation(written(g -> json.writeOperation(g, running)))).isEqualTo(
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("fbv2").setCreatedAt(timestamp(CREATED)).build());
    assertThat(parseOperation(written(g -> json.writeFirstResponse(g, "fbv3")))).isEqualTo(
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("fbv3").build());
  }

  @Test
  void aFailedOperationCarriesAGoogleRpcStatusWithItsDetails() throws IOException {
    Operation op = Operation.builder("fbv4").done(true).error(OperationStatus.of(StatusCode.INVALID_ARGUMENT,
        "prompt refused", List.of(OperationStatus.Detail.requestInfo("req-1")))).build();

    assertThat(parseOperation(written(g -> json.writeOperation(g, op))).getError()).isEqualTo(
        com.google.rpc.Status.newBuilder().setCode(3).setMessage("prompt refused")
            .addDetails(Any.pack(RequestInfo.newBuilder().setRequestId("req-1").build())).build());
  }

  @Test
  void anErrorReplyIsAGoogleRpcStatusWithRequestInfoAndRetryInfo() throws IOException {
    String text = written(g -> json.writeStatus(g, OperationStatus.of(StatusCode.RESOURCE_EXHAUSTED, "slow down"),
        "req-2", Duration.ofMillis(1500)));
    com.google.rpc.Status.Builder parsed = com.google.rpc.Status.newBuilder();
    JsonFormat.parser().usingTypeRegistry(TYPES).merge(text, parsed);

    assertThat(parsed.build()).isEqualTo(com.google.rpc.Status.newBuilder().setCode(8).setMessage("slow down")
        .addDetails(Any.pack(RequestInfo.newBuilder().setRequestId("req-2").build()))
        .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(
            com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(500_000_000)).build()))
        .build());
  }

  @Test
  void aRequestPrintedByJsonFormatIsReadAsTheSameRequest() throws Exception {
    io.github.yandexart.proto.imagegeneration.ImageGenerationRequest proto =
        io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder()
            .setModelUri("art://b1gtest/yandex-art/latest")
            .addMessages(io.github.yandexart.proto.imagegeneration.Message.newBuilder().setText("a red cat").setWeight(1))
            .addMessages(io.github.yandexart.proto.imagegeneration.Message.newBuilder().setText("blurry").setWeight(-0.5))
            .setGenerationOptions(io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
                .setMimeType("image/jpeg").setSeed(9_007_199_254_740_993L)
                .setAspectRatio(io.github.yandexart.proto.imagegeneration.AspectRatio.newBuilder()
                    .setWidthRatio(16).setHeightRatio(9)))
            .build();
    ImageGenerationRequest expected = ImageGenerationRequest.builder()
        .modelUri(ModelUri.parse("art://b1gtest/yandex-art/latest"))
        .messages(List.of(Message.of("a red cat", 1), Message.of("blurry", -0.5)))
        .options(ImageGenerationOptions.builder().mimeType("image/jpeg").seed(9_007_199_254_740_993L)
            .aspectRatio(AspectRatio.of(16, 9)).build())
        .build();

    for (JsonFormat.Printer printer : List.of(JsonFormat.printer(), JsonFormat.printer().preservingProtoFieldNames())) {
      byte[] body = printer.print(proto).getBytes(StandardCharsets.UTF_8);
      assertThat(json.readRequest(body)).isEqualTo(expected);
    }
  }
}
