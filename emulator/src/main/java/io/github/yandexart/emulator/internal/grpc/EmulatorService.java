package io.github.yandexart.emulator.internal.grpc;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.internal.PollInterval;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The two services over the emulator's store: {@code ImageGenerationAsyncService/Generate}, {@code
 * OperationService/Get} and {@code /Cancel}. Each call is checked for an {@code authorization},
 * answered from the store, and then put through the transport faults: a drop hands the call to the
 * {@code dropper} instead of answering, a delay schedules the answer (no thread waits for it).
 */
final class EmulatorService {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final EmulatorContext context;
  private final ScheduledExecutorService scheduler;
  private final Consumer<CallScope> dropper;

  /**
   * @param scheduler where delayed answers wait
   * @param dropper aborts a call without an answer, so that the client cannot tell whether it took
   *     effect
   */
  EmulatorService(EmulatorContext context, ScheduledExecutorService scheduler,
      Consumer<CallScope> dropper) {
    this.context = context;
    this.scheduler = scheduler;
    this.dropper = dropper;
  }

  ServerServiceDefinition generation() {
    return ServerServiceDefinition.builder(ImageGenerationAsyncServiceGrpc.getServiceDescriptor())
        .addMethod(ImageGenerationAsyncServiceGrpc.getGenerateMethod(), ServerCalls.asyncUnaryCall(
            (request, observer) -> answer(observer,
                () -> context.store().submit(EmulatorProto.toRequest(request)))))
        .build();
  }

  ServerServiceDefinition operations() {
    return ServerServiceDefinition.builder(OperationServiceGrpc.getServiceDescriptor())
        .addMethod(OperationServiceGrpc.getGetMethod(), ServerCalls.asyncUnaryCall(
            (request, observer) -> answer(observer,
                () -> context.store().get(requireId(request.getOperationId())))))
        .addMethod(OperationServiceGrpc.getCancelMethod(), ServerCalls.asyncUnaryCall(
            (request, observer) -> answer(observer,
                () -> context.store().cancel(requireId(request.getOperationId())))))
        .build();
  }

  private static String requireId(String operationId) {
    if (operationId.isBlank()) {
      throw new IllegalArgumentException("operation_id is required: send the id Generate returned");
    }
    return operationId;
  }

  private void answer(StreamObserver<io.github.yandexart.proto.operation.Operation> observer,
      Supplier<Operation> action) {
    ServerCallStreamObserver<io.github.yandexart.proto.operation.Operation> call =
        (ServerCallStreamObserver<io.github.yandexart.proto.operation.Operation>) observer;
    CallScope scope = CallScope.current();
    Runnable reply = reply(call, scope, action);
    if (context.faults().takeDrop()) {
      dropper.accept(scope);
      return;
    }
    Duration delay = context.faults().takeDelay();
    if (delay.isZero() || delay.isNegative()) {
      reply.run();
      return;
    }
    AtomicReference<ScheduledFuture<?>> later = new AtomicReference<>();
    call.setOnCancelHandler(() -> {
      ScheduledFuture<?> f = later.get();
      if (f != null) {
        f.cancel(false);
      }
    });
    try {
      later.set(scheduler.schedule(reply, delay.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      call.onError(Status.UNAVAILABLE.withDescription("the emulator is shutting down").asException());
    }
  }

  /** Does the call's work now and returns what sends its answer. */
  private Runnable reply(ServerCallStreamObserver<io.github.yandexart.proto.operation.Operation> call,
      CallScope scope, Supplier<Operation> action) {
    Optional<String> authProblem = context.authorizationProblem(scope.headers().get(AUTHORIZATION));
    ApiCallException error;
    if (authProblem.isPresent()) {
      error = refusal(StatusCode.UNAUTHENTICATED, authProblem.get());
    } else {
      try {
        Operation snapshot = action.get();
        io.github.yandexart.proto.operation.Operation answer = EmulatorProto.toProto(snapshot);
        return () -> {
          if (!call.isCancelled()) {
            snapshot.pollInterval().ifPresent(hint -> scope.pollInterval().set(PollInterval.format(hint)));
            call.onNext(answer);
            call.onCompleted();
          }
        };
      } catch (ApiCallException e) {
        error = e;
      } catch (IllegalArgumentException e) {
        error = refusal(StatusCode.INVALID_ARGUMENT, e.getMessage());
      } catch (RuntimeException e) {
        error = refusal(StatusCode.INTERNAL, "the emulator failed: " + e);
      }
    }
    ApiCallException failure = error;
    return () -> {
      if (!call.isCancelled()) {
        call.onError(StatusProto.toStatusRuntimeException(
            EmulatorProto.errorStatus(failure, scope.requestId())));
      }
    };
  }

  private static ApiCallException refusal(StatusCode code, String message) {
    return ApiCallException.builder(code, ApiCallException.Origin.SERVER)
        .status(OperationStatus.of(code, message))
        .build();
  }
}
