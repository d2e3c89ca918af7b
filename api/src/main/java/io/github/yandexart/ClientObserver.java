package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches a {@link YandexArtClient}: every call it makes (submit, get, cancel), every operation it
 * waits for, and the time work spends queued on the client's submit and read budgets. For metrics,
 * traces and logs; {@code yandexart-micrometer} is built on it.
 *
 * <pre>{@code
 * YandexArtClient client = YandexArtClient.builder()
 *     .generator(ImageGenerators.create(config))
 *     .addObserver(new ClientObserver() {
 *       @Override
 *       public void callFinished(Object context, CallEnd end) {
 *         log.info("{} {} in {}", end.call().method(), end.status(), end.duration());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p><b>Operations.</b> {@link #operationStarted} is called when {@code generate}/{@code
 * generateAsync} begins (before the submit) or {@code await}/{@code awaitAsync} begins (with the
 * id), on the caller's thread. What it returns is this observer's <em>context</em> for the
 * operation, passed back to each later event of it and to {@link #callStarted} of the calls made for
 * it. An observer keeps its per-operation state there (a tracing span, a start time) instead of in
 * thread-locals: later events come on the client's scheduler and transport threads. Exactly one
 * {@link #operationFinished} ends every started operation.
 *
 * <p><b>Calls.</b> {@link #callStarted} comes before each call to the {@link ImageGenerator}
 * (retries are calls of their own, with {@link CallStart#attempt()} counting up) and returns the
 * call's context, passed to the one {@link #callFinished} of that call. Calls of {@code submit},
 * {@code getOperation} and {@code cancel} made outside a generation or await have a {@code null}
 * operation context.
 *
 * <p>Durations come from the client's scheduler, so they follow virtual time in tests. Methods are
 * called concurrently for different operations: implementations must be thread-safe, return quickly
 * and never block. For the blocking {@code submit}, {@code getOperation} and {@code cancelOperation},
 * {@link #callFinished} runs where the transport completed the call (over REST and gRPC, on the I/O
 * thread that read the answer), so a slow observer holds up the other answers on that thread. An
 * observer that throws is logged (at WARNING, through {@code System.Logger}) and otherwise ignored:
 * it never breaks a generation. Events carry no prompt text and no credential. Every method has a
 * default that does nothing, so an observer overrides only what it needs.
 */
public interface ClientObserver {

  /**
   * An operation's life begins: a generation about to submit, or a wait resumed by id.
   *
   * @return this observer's context for the operation, handed back to its later events; may be
   *     {@code null}
   */
  default Object operationStarted(OperationStart start) {
    return null;
  }

  /** The service accepted the submit of a generation: {@code submitted} has its id. */
  default void operationSubmitted(Object context, Operation submitted) {}

  /** A read of the operation succeeded; {@code reads} counts the successful reads so far. */
  default void operationPolled(Object context, Operation snapshot, int reads) {}

  /** The operation's life ended, one way or another; see {@link Outcome}. */
  default void operationFinished(Object context, OperationEnd end) {}

  /**
   * A call to the generator begins.
   *
   * @param operationContext what {@link #operationStarted} returned for the operation this call is
   *     made for, or {@code null} for a call made on its own
   * @return this observer's context for the call, handed to {@link #callFinished}; may be {@code null}
   */
  default Object callStarted(Object operationContext, CallStart call) {
    return null;
  }

  /** A call ended with an answer or a failure. */
  default void callFinished(Object callContext, CallEnd end) {}

  /** A call waited {@code queued} for a slot of the client's {@code budget} before it started. */
  default void budgetQueued(Budget budget, Duration queued) {}

  /** The calls of the {@link ImageGenerator} SPI. */
  enum Method {
    /** {@link ImageGenerator#submit}: starts a generation. */
    SUBMIT,
    /** {@link ImageGenerator#getOperation}: reads an operation. */
    GET,
    /** {@link ImageGenerator#cancelOperation}: asks the service to cancel. */
    CANCEL
  }

  /** The client-wide quotas a call may queue on. */
  enum Budget {
    /** Submits per minute ({@link WaitPolicy#maxSubmitsPerMinute()}). */
    SUBMIT,
    /** Operation reads per second ({@link WaitPolicy#maxReadsPerSecond()}). */
    READ
  }

  /** How an operation's life began. */
  enum Kind {
    /** {@code generate}/{@code generateAsync}: a submit, then a wait. */
    GENERATE,
    /** {@code await}/{@code awaitAsync}: a wait for an operation started earlier, by id. */
    AWAIT
  }

  /** How an operation's life ended. */
  enum Outcome {
    /** Done with an image. */
    SUCCEEDED,
    /** Done with an error status ({@link OperationFailedException}). */
    FAILED,
    /** Cancelled on the service ({@link OperationCancelledException}). */
    CANCELLED,
    /** The wait's total budget ran out ({@link WaitTimeoutException}); the operation may still finish. */
    STOPPED_WAITING,
    /** A call failed for good ({@link ApiCallException}), the submit included. */
    CALL_FAILED,
    /** The caller cancelled its future, the client was closed, or something unexpected failed. */
    ABANDONED
  }

  /** The start of an operation's life. */
  final class OperationStart {
    private final Kind kind;
    private final String transport;
    private final String operationId;

    /** For the client and for tests of observers. */
    public OperationStart(Kind kind, String transport, Optional<String> operationId) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.transport = Objects.requireNonNull(transport, "transport");
      this.operationId = operationId.orElse(null);
    }

    public Kind kind() {
      return kind;
    }

    /** The transport's name: {@code rest}, {@code grpc}, {@code fake}, ... */
    public String transport() {
      return transport;
    }

    /** The operation's id: present for {@link Kind#AWAIT}, empty before a generation's submit. */
    public Optional<String> operationId() {
      return Optional.ofNullable(operationId);
    }

    @Override
    public String toString() {
      return "OperationStart{" + kind + ", transport=" + transport + ", operationId=" + operationId + "}";
    }
  }

  /** The end of an operation's life. */
  final class OperationEnd {
    private final OperationStart start;
    private final Outcome outcome;
    private final String operationId;
    private final Duration duration;
    private final int reads;
    private final Throwable failure;

    /** For the client and for tests of observers; {@code failure} is empty on success. */
    public OperationEnd(OperationStart start, Outcome outcome, Optional<String> operationId,
        Duration duration, int reads, Optional<Throwable> failure) {
      this.start = Objects.requireNonNull(start, "start");
      this.outcome = Objects.requireNonNull(outcome, "outcome");
      this.operationId = operationId.orElse(null);
      this.duration = Objects.requireNonNull(duration, "duration");
      this.reads = reads;
      this.failure = failure.orElse(null);
    }

    public OperationStart start() {
      return start;
    }

    public Outcome outcome() {
      return outcome;
    }

    /** The operation's id; empty only when a generation ended before the service gave one. */
    public Optional<String> operationId() {
      return Optional.ofNullable(operationId);
    }

    /** From {@link ClientObserver#operationStarted} to now: submit (and its queueing) and wait. */
    public Duration duration() {
      return duration;
    }

    /** How many reads of the operation succeeded. */
    public int reads() {
      return reads;
    }

    /** What ended it, unless it succeeded. */
    public Optional<Throwable> failure() {
      return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
      return "OperationEnd{" + outcome + ", operationId=" + operationId + ", duration=" + duration
          + ", reads=" + reads + "}";
    }
  }

  /** The start of one call to the generator. */
  final class CallStart {
    private final Method method;
    private final String transport;
    private final String operationId;
    private final int attempt;

    /** For the client and for tests of observers. */
    public CallStart(Method method, String transport, Optional<String> operationId, int attempt) {
      this.method = Objects.requireNonNull(method, "method");
      this.transport = Objects.requireNonNull(transport, "transport");
      this.operationId = operationId.orElse(null);
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt " + attempt + " must be at least 1");
      }
      this.attempt = attempt;
    }

    public Method method() {
      return method;
    }

    /** The transport's name: {@code rest}, {@code grpc}, {@code fake}, ... */
    public String transport() {
      return transport;
    }

    /** The operation read or cancelled; empty for a submit. */
    public Optional<String> operationId() {
      return Optional.ofNullable(operationId);
    }

    /** 1 for the first try, 2 for the first retry, and so on. */
    public int attempt() {
      return attempt;
    }

    @Override
    public String toString() {
      return "CallStart{" + method + ", transport=" + transport + ", operationId=" + operationId
          + ", attempt=" + attempt + "}";
    }
  }

  /** The end of one call to the generator. */
  final class CallEnd {
    private final CallStart call;
    private final StatusCode status;
    private final Duration duration;
    private final Operation operation;
    private final ApiCallException failure;

    private CallEnd(CallStart call, StatusCode status, Duration duration, Operation operation,
        ApiCallException failure) {
      this.call = Objects.requireNonNull(call, "call");
      this.status = Objects.requireNonNull(status, "status");
      this.duration = Objects.requireNonNull(duration, "duration");
      this.operation = operation;
      this.failure = failure;
    }

    /** A call answered with {@code operation}. */
    public static CallEnd answered(CallStart call, Duration duration, Operation operation) {
      return new CallEnd(call, StatusCode.OK, duration, Objects.requireNonNull(operation, "operation"), null);
    }

    /** A call that failed with {@code failure}. */
    public static CallEnd failed(CallStart call, Duration duration, ApiCallException failure) {
      return new CallEnd(call, failure.code(), duration, null, failure);
    }

    public CallStart call() {
      return call;
    }

    /** {@link StatusCode#OK} for an answer, else the failure's code. */
    public StatusCode status() {
      return status;
    }

    public Duration duration() {
      return duration;
    }

    /** The operation as the service answered (a submit's reply has the new id). */
    public Optional<Operation> operation() {
      return Optional.ofNullable(operation);
    }

    public Optional<ApiCallException> failure() {
      return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
      return "CallEnd{" + call + ", status=" + status + ", duration=" + duration + "}";
    }
  }
}
