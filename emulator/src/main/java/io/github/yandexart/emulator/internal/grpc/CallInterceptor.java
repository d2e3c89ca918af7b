package io.github.yandexart.emulator.internal.grpc;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.internal.PollInterval;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Around every call: records the request (method, metadata under lower-case names, the message as
 * text), gives the call an {@code x-request-id} and {@code x-server-trace-id} (in the response
 * headers, and in the trailers of an error answer without headers), and puts a {@link CallScope} in
 * the context for the handlers.
 */
final class CallInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> SERVER_TRACE_ID =
      Metadata.Key.of("x-server-trace-id", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> POLL_INTERVAL =
      Metadata.Key.of(PollInterval.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final EmulatorContext context;

  CallInterceptor(EmulatorContext context) {
    this.context = context;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String requestId = UUID.randomUUID().toString();
    String traceId = UUID.randomUUID().toString().replace("-", "");
    CallScope scope = new CallScope(headers, requestId,
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), new AtomicReference<>());
    ServerCall<ReqT, RespT> withIds = new SimpleForwardingServerCall<>(call) {
      private boolean headersSent;

      @Override
      public void sendHeaders(Metadata responseHeaders) {
        responseHeaders.put(REQUEST_ID, requestId);
        responseHeaders.put(SERVER_TRACE_ID, traceId);
        String pollInterval = scope.pollInterval().get();
        if (pollInterval != null) {
          responseHeaders.put(POLL_INTERVAL, pollInterval);
        }
        headersSent = true;
        super.sendHeaders(responseHeaders);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (!headersSent) {
          trailers.put(REQUEST_ID, requestId);
          trailers.put(SERVER_TRACE_ID, traceId);
        }
        super.close(status, trailers);
      }
    };
    String method = call.getMethodDescriptor().getFullMethodName();
    Map<String, List<String>> recordedHeaders = lowerCase(headers);
    ServerCall.Listener<ReqT> listener = Contexts.interceptCall(
        Context.current().withValue(CallScope.KEY, scope), withIds, headers, next);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(ReqT message) {
        context.record(new RecordedRequest(RecordedRequest.Protocol.GRPC, method, recordedHeaders,
            message instanceof MessageOrBuilder
                ? TextFormat.printer().printToString((MessageOrBuilder) message)
                : String.valueOf(message)));
        super.onMessage(message);
      }
    };
  }

  /** All metadata under lower-case names; binary values in base64. */
  static Map<String, List<String>> lowerCase(Metadata headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : headers.keys()) {
      List<String> values = new ArrayList<>();
      if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        Iterable<byte[]> all = headers.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
        if (all != null) {
          all.forEach(v -> values.add(Base64.getEncoder().encodeToString(v)));
        }
      } else {
        Iterable<String> all = headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        if (all != null) {
          all.forEach(values::add);
        }
      }
      map.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
    }
    return map;
  }
}
