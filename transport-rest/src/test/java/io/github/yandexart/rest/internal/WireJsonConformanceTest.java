package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transport's hand-written JSON against protobuf-java-util's {@link JsonFormat} over the generated
 * classes, the independent reference of the proto3 JSON mapping (the emulator's {@code RestJson} is
 * held to the same reference by {@code RestJsonConformanceTest}).
 */
class WireJsonConformanceTest {
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(ImageGenerationResponse.getDescriptor())
      .add(RequestInfo.getDescriptor())
      .add(RetryInfo.getDescriptor())
      .build();
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");
  private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:09Z");

  private final WireJson json = new WireJson(1 << 20);

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static List<JsonFormat.Printer> printers() {
    JsonFormat.Printer p = JsonFormat.printer().usingTypeRegistry(TYPES);
    return List.of(p, p.preservingProtoFieldNames(), p.alwaysPrintFieldsWithNoPresence(), p.omittingInsignificantWhitespace());
  }

  private Operation read(JsonFormat.Printer printer, io.github.yandexart.proto.operation.Operation proto) throws IOException {
    return json.readOperation(new ByteArrayInputStream(printer.print(proto).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theRequestWrittenIsTheRequestMessageAsJsonFormatReadsIt() throws IOException {
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.parse("art://b1gtest/yandex-art/latest"))
        .messages(List.of(Message.of("a red cat", 1), Message.of("blurry", -0.5)))
        .options(ImageGenerationOptions.builder().mimeType("image/jpeg").seed(9_007_199_254_740_993L)
            .aspectRatio(AspectRatio.of(16, 9)).build())
        .build();
    io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.Builder parsed =
        io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder();

    // strict: an unknown or misspelt field would fail here
    JsonFormat.parser().merge(new String(json.writeRequest(request), StandardCharsets.UTF_8), parsed);

    assertThat(parsed.build()).isEqualTo(io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder()
        .setModelUri("art://b1gtest/yandex-art/latest")
        .addMessages(io.github.yandexart.proto.imagegeneration.Message.newBuilder().setText("a red cat").setWeight(1))
        .addMessages(io.github.yandexart.proto.imagegeneration.Message.newBuilder().setText("blurry").setWeight(-0.5))
        .setGenerationOptions(io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder()
            .setMimeType("image/jpeg").setSeed(9_007_199_254_740_993L)
            .setAspectRatio(io.github.yandexart.proto.imagegeneration.AspectRatio.newBuilder()
                .setWidthRatio(16).setHeightRatio(9)))
        .build());
  }

  @Test
  void aDoneOperationAsJsonFormatPrintsItIsReadWithItsImage() throws IOException {
    byte[] image = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2, 3, (byte) 0xfe};
    io.github.yandexart.proto.operation.Operation proto = io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("fbv1").setDescription("a red cat").setCreatedAt(timestamp(CREATED)).setCreatedBy("ajeuser")
        .setModifiedAt(timestamp(MODIFIED)).setDone(true)
        .setResponse(Any.pack(ImageGenerationResponse.newBuilder()
            .setImage(ByteString.copyFrom(image)).setModelVersion("v1.2").build()))
        .build();

    for (JsonFormat.Printer printer : printers()) {
      assertThat(read(printer, proto)).isEqualTo(Operation.builder("fbv1").description("a red cat").createdAt(CREATED)
          .createdBy("ajeuser").modifiedAt(MODIFIED).done(true).image(GeneratedImage.of(image, "v1.2")).build());
    }
  }

  @Test
  void aRunningOperationWithDefaultsLeftOutIsRead() throws IOException {
    io.github.yandexart.proto.operation.Operation proto =
        io.github.yandexart.proto.operation.Operation.newBuilder().setId("fbv2").build();

    for (JsonFormat.Printer printer : printers()) {
      assertThat(read(printer, proto)).isEqualTo(Operation.builder("fbv2").build());
    }
  }

  @Test
  void aFailedOperationsStatusAndDetailsAreRead() throws IOException {
    io.github.yandexart.proto.operation.Operation proto = io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId("fbv3").setDone(true)
        .setError(com.google.rpc.Status.newBuilder().setCode(3).setMessage("prompt refused")
            .addDetails(Any.pack(RequestInfo.newBuilder().setRequestId("req-1").build()))
            .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(
                com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(500_000_000)).build())))
        .build();

    for (JsonFormat.Printer printer : List.of(JsonFormat.printer().usingTypeRegistry(TYPES))) {
      OperationStatus error = read(printer, proto).error().orElseThrow();
      assertThat(error.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
      assertThat(error.message()).isEqualTo("prompt refused");
      assertThat(error.requestId()).contains("req-1");
      assertThat(error.details()).contains(OperationStatus.Detail.of(
          "type.googleapis.com/google.rpc.RetryInfo", Map.of("retryDelay", "1.500s")));
    }
  }
}
