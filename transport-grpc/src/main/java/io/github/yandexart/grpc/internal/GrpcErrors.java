package io.github.yandexart.grpc.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.internal.Redaction;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;

/** Maps a failed gRPC call to an {@link ApiCallException}: the code, the origin, the details. */
public final class GrpcErrors {
  /** Where grpc-java puts a google.rpc.Status with details ({@code io.grpc.protobuf.StatusProto}'s key). */
  static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private GrpcErrors() {}

  /** The API's code for a gRPC code; the numbers are google.rpc's in both. */
  public static StatusCode code(Status.Code code) {
    return switch (code) {
      case OK -> StatusCode.OK;
      case CANCELLED -> StatusCode.CANCELLED;
      case UNKNOWN -> StatusCode.UNKNOWN;
      case INVALID_ARGUMENT -> StatusCode.INVALID_ARGUMENT;
      case DEADLINE_EXCEEDED -> StatusCode.DEADLINE_EXCEEDED;
      case NOT_FOUND -> StatusCode.NOT_FOUND;
      case ALREADY_EXISTS -> StatusCode.ALREADY_EXISTS;
      case PERMISSION_DENIED -> StatusCode.PERMISSION_DENIED;
      case RESOURCE_EXHAUSTED -> StatusCode.RESOURCE_EXHAUSTED;
      case FAILED_PRECONDITION -> StatusCode.FAILED_PRECONDITION;
      case ABORTED -> StatusCode.ABORTED;
      case OUT_OF_RANGE -> StatusCode.OUT_OF_RANGE;
      case UNIMPLEMENTED -> StatusCode.UNIMPLEMENTED;
      case INTERNAL -> StatusCode.INTERNAL;
      case UNAVAILABLE -> StatusCode.UNAVAILABLE;
      case DATA_LOSS -> StatusCode.DATA_LOSS;
      case UNAUTHENTICATED -> StatusCode.UNAUTHENTICATED;
    };
  }

  /**
   * Where a call that ended with a non-OK status failed. The server's trailers arrived: the server
   * answered ({@code SERVER}). No stream was ever created on a connection (refused, unresolvable,
   * TLS handshake failed, or the deadline passed while connecting): nothing was sent ({@code
   * CONNECT}). Otherwise the request may have reached the server before the stream broke or the
   * deadline passed ({@code TRANSPORT}).
   */
  static Origin origin(CallResult result) {
    if (result.trailersReceived()) {
      return Origin.SERVER;
    }
    return result.streamCreated() ? Origin.TRANSPORT : Origin.CONNECT;
  }

  /**
   * The exception for a call that ended with a non-OK status. Every string the server sent passes
   * through {@link Redaction} with {@code authorization}, the value this call sent.
   */
  static ApiCallException failure(CallResult result, CallInfo call, String authorization) {
    Status received = result.status();
    Status status = received.getDescription() == null ? received
        : received.withDescription(Redaction.redact(received.getDescription(), authorization));
    Origin origin = origin(result);
    boolean tooLarge = origin != Origin.SERVER && isTooLarge(status);
    // An answer over maxResponseSize is not a quota refusal (RESOURCE_EXHAUSTED reads as "try later")
    // and reading again gets the same answer: permanent, as the REST transport says it.
    StatusCode code = tooLarge ? StatusCode.INTERNAL : code(status.getCode());
    ApiCallException.Builder b = ApiCallException.builder(code, origin)
        .clientRequestId(call.clientRequestId())
        .operationId(call.operationId())
        .permanent(tooLarge)
        .cause(status.asRuntimeException());
    String requestId = result.header(GrpcHeaders.REQUEST_ID);
    if (requestId != null) {
      b.requestId(requestId);
    }
    String traceId = result.header(GrpcHeaders.SERVER_TRACE_ID);
    if (traceId != null) {
      b.serverTraceId(traceId);
    }
    String description = status.getDescription() == null ? "" : status.getDescription();
    com.google.rpc.Status details = details(result.trailers());
    if (details != null) {
      String message = details.getMessage().isEmpty() ? description : details.getMessage();
      b.status(Redaction.redact(ProtoMapping.status(code, message, details), authorization));
      ProtoMapping.retryDelay(details).ifPresent(b::retryAfter);
    } else if (origin == Origin.SERVER) {
      b.status(OperationStatus.of(code, description));
    }
    if (tooLarge) {
      b.message("the answer from " + call.target() + " is larger than maxResponseSize, "
          + call.maxResponseSize() + " bytes (" + description + "): raise ClientConfig.Builder.maxResponseSize"
          + " if such answers are expected");
    } else if (origin != Origin.SERVER) {
      b.message(describe(code, origin, description, status.getCause(), call));
    }
    return b.build();
  }

  /** grpc-java's own refusal of a message over {@code maxInboundMessageSize}. */
  private static boolean isTooLarge(Status status) {
    String d = status.getDescription();
    return status.getCode() == Status.Code.RESOURCE_EXHAUSTED && d != null && d.contains("exceeds maximum size");
  }

  /** What went wrong when the server gave no answer, and what to do about it. */
  private static String describe(StatusCode code, Origin origin, String description, Throwable cause,
      CallInfo call) {
    String why = description;
    if (cause != null && cause.getMessage() != null && !description.contains(cause.getMessage())) {
      why = (why.isEmpty() ? "" : why + ": ") + cause.getMessage();
    }
    why = why.isEmpty() ? "" : " (" + why + ")";
    String timeout = seconds(call.timeout());
    if (origin == Origin.CONNECT) {
      if (code == StatusCode.DEADLINE_EXCEEDED) {
        return "no connection to " + call.target() + " within the call timeout of " + timeout
            + why + "; the request was not sent: check the endpoint and the network, or raise"
            + " WaitPolicy.callTimeout";
      }
      return "could not connect to " + call.target() + why + "; the request was not sent: check the"
          + " endpoint (host, port, http:// or https://) and the network";
    }
    if (code == StatusCode.DEADLINE_EXCEEDED) {
      return "no answer from " + call.target() + " within the call timeout of " + timeout + why
          + "; the service may have received the request: raise WaitPolicy.callTimeout if it is"
          + " too short";
    }
    return "the call to " + call.target() + " broke after the request was sent" + why
        + "; whether the service received it is unknown";
  }

  /** {@code 30 s}, {@code 500 ms}: a timeout as people write it. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The google.rpc.Status the server put in the trailers, if any (and if it can be read). */
  static com.google.rpc.Status details(Metadata trailers) {
    if (trailers == null) {
      return null;
    }
    byte[] bytes = trailers.get(STATUS_DETAILS);
    if (bytes == null) {
      return null;
    }
    try {
      return com.google.rpc.Status.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
