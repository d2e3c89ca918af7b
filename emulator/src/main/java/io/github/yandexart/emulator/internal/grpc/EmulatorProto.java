package io.github.yandexart.emulator.internal.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import java.time.Duration;
import java.time.Instant;

/** Converts between the service's protos and the store's values, in the server's direction. */
final class EmulatorProto {
  private EmulatorProto() {}

  /**
   * The request as the store takes it, validated as the API's values validate.
   *
   * @throws IllegalArgumentException saying what is wrong with the request
   */
  static ImageGenerationRequest toRequest(
      io.github.yandexart.proto.imagegeneration.ImageGenerationRequest proto) {
    if (proto.getModelUri().isEmpty()) {
      throw new IllegalArgumentException(
          "model_uri is required: send art://<folder id>/yandex-art/latest");
    }
    ImageGenerationRequest.Builder b = ImageGenerationRequest.builder()
        .modelUri(ModelUri.parse(proto.getModelUri()));
    for (io.github.yandexart.proto.imagegeneration.Message m : proto.getMessagesList()) {
      b.addMessage(Message.of(m.getText(), m.getWeight()));
    }
    if (proto.hasGenerationOptions()) {
      var o = proto.getGenerationOptions();
      ImageGenerationOptions.Builder options = ImageGenerationOptions.builder();
      if (!o.getMimeType().isEmpty()) {
        options.mimeType(o.getMimeType());
      }
      // 0 is proto3's default, "random": the same as no seed
      if (o.getSeed() != 0) {
        options.seed(o.getSeed());
      }
      if (o.hasAspectRatio()) {
        options.aspectRatio(AspectRatio.of(
            o.getAspectRatio().getWidthRatio(), o.getAspectRatio().getHeightRatio()));
      }
      b.options(options.build());
    }
    return b.build();
  }

  /** The operation as the service sends it; a finished generation's image is packed in an Any. */
  static io.github.yandexart.proto.operation.Operation toProto(Operation operation) {
    var b = io.github.yandexart.proto.operation.Operation.newBuilder()
        .setId(operation.id())
        .setDescription(operation.description())
        .setCreatedBy(operation.createdBy())
        .setDone(operation.done());
    operation.createdAt().ifPresent(t -> b.setCreatedAt(timestamp(t)));
    operation.modifiedAt().ifPresent(t -> b.setModifiedAt(timestamp(t)));
    if (operation.error().isPresent()) {
      b.setError(toProto(operation.error().get()));
    } else if (operation.image().isPresent()) {
      GeneratedImage image = operation.image().get();
      // bytes() is a fresh copy nobody else holds, so it can be wrapped as it is
      b.setResponse(Any.pack(ImageGenerationResponse.newBuilder()
          .setImage(UnsafeByteOperations.unsafeWrap(image.bytes()))
          .setModelVersion(image.modelVersion().orElse(""))
          .build()));
    }
    return b.build();
  }

  /** A status with its details; details the emulator cannot encode keep only their type URL. */
  static com.google.rpc.Status toProto(OperationStatus status) {
    var b = com.google.rpc.Status.newBuilder()
        .setCode(status.code().number())
        .setMessage(status.message());
    for (OperationStatus.Detail d : status.details()) {
      b.addDetails(detail(d));
    }
    return b.build();
  }

  /**
   * The google.rpc.Status of an error answer: the code and message of {@code error}, its details, a
   * RequestInfo with {@code requestId}, and a RetryInfo when the error asks the client to wait.
   */
  static com.google.rpc.Status errorStatus(ApiCallException error, String requestId) {
    OperationStatus status = error.status()
        .orElse(OperationStatus.of(error.code(), error.getMessage()));
    var b = com.google.rpc.Status.newBuilder()
        .setCode(error.code().number())
        .setMessage(status.message());
    for (OperationStatus.Detail d : status.details()) {
      if (!d.typeUrl().equals(OperationStatus.REQUEST_INFO_TYPE)) {
        b.addDetails(detail(d));
      }
    }
    b.addDetails(Any.pack(RequestInfo.newBuilder().setRequestId(requestId).build()));
    error.retryAfter().ifPresent(delay -> b.addDetails(Any.pack(retryInfo(delay))));
    return b.build();
  }

  private static RetryInfo retryInfo(Duration delay) {
    return RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
            .setSeconds(delay.getSeconds())
            .setNanos(delay.getNano()))
        .build();
  }

  private static Any detail(OperationStatus.Detail d) {
    if (d.typeUrl().equals(OperationStatus.REQUEST_INFO_TYPE)) {
      return Any.pack(RequestInfo.newBuilder()
          .setRequestId(d.fields().getOrDefault("requestId", ""))
          .setServingData(d.fields().getOrDefault("servingData", ""))
          .build());
    }
    return Any.newBuilder().setTypeUrl(d.typeUrl()).setValue(ByteString.EMPTY).build();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
