package io.github.yandexart.grpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Converts between the API's values and the service's protos, in the client's direction. */
public final class ProtoMapping {
  /** The type URL of a finished generation's {@code Operation.response}. */
  public static final String RESPONSE_TYPE_URL =
      "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse";
  /** The type URL of google.rpc.RetryInfo. */
  public static final String RETRY_INFO_TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

  private ProtoMapping() {}

  /** The request as sent: unset options are left out, as the service's defaults apply then. */
  public static io.github.yandexart.proto.imagegeneration.ImageGenerationRequest toProto(
      ImageGenerationRequest request) {
    var b = io.github.yandexart.proto.imagegeneration.ImageGenerationRequest.newBuilder()
        .setModelUri(request.resolveModelUri(java.util.Optional.empty()).value());
    for (io.github.yandexart.Message m : request.messages()) {
      b.addMessages(io.github.yandexart.proto.imagegeneration.Message.newBuilder()
          .setText(m.text())
          .setWeight(m.weight()));
    }
    ImageGenerationOptions options = request.options();
    if (options.mimeType().isPresent() || options.seed().isPresent()
        || options.aspectRatio().isPresent()) {
      var o = io.github.yandexart.proto.imagegeneration.ImageGenerationOptions.newBuilder();
      options.mimeType().ifPresent(o::setMimeType);
      options.seed().ifPresent(o::setSeed);
      options.aspectRatio().ifPresent(a -> o.setAspectRatio(
          io.github.yandexart.proto.imagegeneration.AspectRatio.newBuilder()
              .setWidthRatio(a.widthRatio())
              .setHeightRatio(a.heightRatio())));
      b.setGenerationOptions(o);
    }
    return b.build();
  }

  /**
   * The operation as the API shows it. A response of another type than {@link #RESPONSE_TYPE_URL}
   * is an {@link ApiCallException} (UNKNOWN, origin SERVER: the service answered, but not with an
   * image), naming both type URLs and the operation; it and an undecodable response are permanent
   * (reading again gives the same answer).
   */
  public static Operation fromProto(io.github.yandexart.proto.operation.Operation proto,
      Duration pollInterval) {
    Operation.Builder b = builder(proto, pollInterval);
    if (proto.hasError()) {
      b.error(status(proto.getError()));
    } else if (proto.hasResponse()) {
      b.image(image(proto.getId(), proto.getResponse()));
    }
    return b.build();
  }

  /**
   * The operation of a reply {@link ReplyMarshaller} read: as {@link #fromProto}, with the image the
   * marshaller took out of the response, if it did.
   */
  static Operation fromReply(OperationReply reply, Duration pollInterval) {
    if (reply.streamed() != null) {
      return builder(reply.operation(), pollInterval).image(reply.streamed()).build();
    }
    if (reply.image() == null) {
      return fromProto(reply.operation(), pollInterval);
    }
    // the marshaller read the image into an array of its own: no copy
    return builder(reply.operation(), pollInterval)
        .image(GeneratedImage.wrap(reply.image(), reply.modelVersion()))
        .build();
  }

  private static Operation.Builder builder(io.github.yandexart.proto.operation.Operation proto,
      Duration pollInterval) {
    return Operation.builder(proto.getId())
        .description(proto.getDescription())
        .createdAt(instant(proto.hasCreatedAt(), proto.getCreatedAt()))
        .createdBy(proto.getCreatedBy())
        .modifiedAt(instant(proto.hasModifiedAt(), proto.getModifiedAt()))
        .done(proto.getDone())
        .pollInterval(pollInterval);
  }

  private static GeneratedImage image(String operationId, Any response) {
    if (!RESPONSE_TYPE_URL.equals(response.getTypeUrl())) {
      throw ApiCallException.builder(StatusCode.UNKNOWN, ApiCallException.Origin.SERVER)
          .operationId(operationId)
          .permanent(true)
          .message("the operation's response has type URL \"" + response.getTypeUrl()
              + "\", expected \"" + RESPONSE_TYPE_URL + "\": the endpoint is not the image"
              + " generation service, or speaks a version this SDK does not know")
          .build();
    }
    ImageGenerationResponse decoded;
    try {
      decoded = ImageGenerationResponse.parseFrom(response.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw ApiCallException.builder(StatusCode.DATA_LOSS, ApiCallException.Origin.SERVER)
          .operationId(operationId)
          .permanent(true)
          .message("the operation's ImageGenerationResponse could not be decoded: " + e.getMessage())
          .cause(e)
          .build();
    }
    // toByteArray copies once; wrap takes that copy without a second one
    return GeneratedImage.wrap(decoded.getImage().toByteArray(), decoded.getModelVersion());
  }

  /** A google.rpc.Status as the API's {@link OperationStatus}. */
  public static OperationStatus status(com.google.rpc.Status status) {
    return status(StatusCode.forNumber(status.getCode()), status.getMessage(), status);
  }

  /**
   * A status with {@code code} and {@code message}, and the details of {@code details}: RequestInfo
   * and RetryInfo are decoded into their fields (named and written as in JSON, empty fields left
   * out); other details keep only their type URL.
   */
  public static OperationStatus status(StatusCode code, String message, com.google.rpc.Status details) {
    List<OperationStatus.Detail> list = new ArrayList<>();
    for (Any any : details.getDetailsList()) {
      list.add(detail(any));
    }
    return OperationStatus.of(code, message, list);
  }

  /** The delay of a RetryInfo detail, if {@code status} has one. */
  public static Optional<Duration> retryDelay(com.google.rpc.Status status) {
    for (Any any : status.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
          Duration delay = Duration.ofSeconds(d.getSeconds(), d.getNanos());
          if (!delay.isNegative()) {
            return Optional.of(delay);
          }
        } catch (InvalidProtocolBufferException e) {
          // a broken detail is no hint
        }
      }
    }
    return Optional.empty();
  }

  private static OperationStatus.Detail detail(Any any) {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      if (any.is(RequestInfo.class)) {
        RequestInfo info = any.unpack(RequestInfo.class);
        putIfNotEmpty(fields, "requestId", info.getRequestId());
        putIfNotEmpty(fields, "servingData", info.getServingData());
      } else if (any.is(RetryInfo.class)) {
        RetryInfo info = any.unpack(RetryInfo.class);
        if (info.hasRetryDelay()) {
          fields.put("retryDelay", jsonDuration(info.getRetryDelay()));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      fields.clear();
    }
    return OperationStatus.Detail.of(any.getTypeUrl(), fields);
  }

  private static void putIfNotEmpty(Map<String, String> fields, String name, String value) {
    if (!value.isEmpty()) {
      fields.put(name, value);
    }
  }

  /** A Duration as proto3 JSON writes it: {@code "1s"}, {@code "1.500s"}. */
  static String jsonDuration(com.google.protobuf.Duration d) {
    StringBuilder s = new StringBuilder();
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if (seconds < 0 || nanos < 0) {
      s.append('-');
      seconds = -seconds;
      nanos = -nanos;
    }
    s.append(seconds);
    if (nanos != 0) {
      String n = String.format(Locale.ROOT, "%09d", nanos);
      if (nanos % 1_000_000 == 0) {
        n = n.substring(0, 3);
      } else if (nanos % 1_000 == 0) {
        n = n.substring(0, 6);
      }
      s.append('.').append(n);
    }
    return s.append('s').toString();
  }

  private static Instant instant(boolean present, Timestamp t) {
    return present ? Instant.ofEpochSecond(t.getSeconds(), t.getNanos()) : null;
  }
}
