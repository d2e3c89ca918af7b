package io.github.yandexart.grpc.internal;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt of one unary call, without blocking a thread: sends the request and completes with a
 * {@link CallResult} (never exceptionally) when the call closes.
 *
 * <p>A stream tracer notes how far the call got, which is what tells a refused connection (no
 * stream was ever created, so nothing was sent) from a break after sending (a stream existed, but no
 * trailers came) and from the server's own answer (its trailers arrived): grpc-java reports all three
 * as plain statuses, often with the same code.
 */
final class UnaryCall extends ClientCall.Listener<OperationReply> {
  private final CompletableFuture<CallResult> result = new CompletableFuture<>();
  private volatile boolean streamCreated;
  private volatile boolean trailersReceived;
  private volatile Metadata headers;
  private volatile OperationReply message;

  private UnaryCall() {}

  /**
   * Starts the call. Cancelling the returned future cancels the call; the future then completes
   * with the cancellation, not a result.
   */
  static <ReqT> CompletableFuture<CallResult> start(Channel channel,
      MethodDescriptor<ReqT, OperationReply> method, CallOptions options, Metadata requestHeaders,
      ReqT request) {
    UnaryCall listener = new UnaryCall();
    ClientCall<ReqT, OperationReply> call =
        channel.newCall(method, options.withStreamTracerFactory(listener.new Progress()));
    try {
      call.start(listener, requestHeaders);
      // two, so that a second message from a broken server is seen as the protocol error it is
      call.request(2);
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException | Error e) {
      call.cancel("the call could not be started", e);
      throw e;
    }
    CompletableFuture<CallResult> result = listener.result;
    result.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        call.cancel("cancelled by the caller", null);
      }
    });
    return result;
  }

  @Override
  public void onHeaders(Metadata headers) {
    this.headers = headers;
  }

  @Override
  public void onMessage(OperationReply message) {
    if (this.message == null) {
      this.message = message;
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    OperationReply answer = message;
    if (status.isOk() && answer == null) {
      status = Status.INTERNAL.withDescription("the server ended the call without an answer");
    }
    result.complete(new CallResult(
        status, answer, headers, trailers, streamCreated, trailersReceived));
  }

  /** Notes whether the call got a stream and whether the server's trailers came back. */
  private final class Progress extends ClientStreamTracer.Factory {
    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info,
        Metadata headers) {
      return new ClientStreamTracer() {
        @Override
        public void streamCreated(Attributes transportAttrs, Metadata headers) {
          streamCreated = true;
        }

        @Override
        public void inboundTrailers(Metadata trailers) {
          trailersReceived = true;
        }
      };
    }
  }
}
