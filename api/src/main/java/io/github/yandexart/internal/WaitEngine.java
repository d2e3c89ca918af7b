package io.github.yandexart.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientObserver.Budget;
import io.github.yandexart.ClientObserver.Method;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitListener;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.spi.Scheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * Submits and waits for operations without a thread per operation: every wait is a small state
 * machine driven by the {@link Scheduler}'s timers and the transport's callbacks, and every read
 * goes through one {@link CallBudget}.
 */
public final class WaitEngine {
  private static final System.Logger LOG = System.getLogger(WaitEngine.class.getName());
  /** The shortest delay a server poll hint may ask for. */
  static final Duration MIN_HINT = Duration.ofMillis(100);

  private final ImageGenerator generator;
  private final WaitPolicy policy;
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final CallBudget budget;
  private final CallBudget submitBudget;
  private final Observers observers;
  /** Futures this engine still has to complete, with what to fail them with should it be closed. */
  private final Map<CompletableFuture<Operation>, String> pending = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public WaitEngine(ImageGenerator generator, WaitPolicy policy, Scheduler scheduler, DoubleSupplier random) {
    this(generator, policy, scheduler, random, Observers.none());
  }

  public WaitEngine(ImageGenerator generator, WaitPolicy policy, Scheduler scheduler, DoubleSupplier random,
      Observers observers) {
    this.observers = observers;
    this.generator = generator;
    this.policy = policy;
    this.scheduler = scheduler;
    this.random = random;
    this.budget = new CallBudget(policy.maxReadsPerSecond(), scheduler);
    this.submitBudget = new CallBudget(policy.maxSubmitsPerMinute(), Duration.ofMinutes(1), scheduler);
  }

  public WaitPolicy policy() {
    return policy;
  }

  /** How many submits wait for the submit budget right now. */
  public int queuedSubmits() {
    return submitBudget.queued();
  }

  /** How many reads wait for the poll budget right now. */
  public int queuedReads() {
    return budget.queued();
  }

  /**
   * Submits {@code request}, repeating it only where the service provably did not accept it (no
   * connection, 429, 503), with backoff and {@code Retry-After}.
   */
  public CompletableFuture<Operation> submit(ImageGenerationRequest request) {
    return submit(request, Observers.Op.NONE);
  }

  /** {@link #submit(ImageGenerationRequest)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, Observers.Op observed) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(),
        "the client was closed before the submit was answered; the service may have started a"
            + " generation");
    submitAttempt(request, 1, result, observed);
    return result;
  }

  private void submitAttempt(ImageGenerationRequest request, int attempt, CompletableFuture<Operation> result,
      Observers.Op observed) {
    long queuedAt = observers.nanoTime();
    submitBudget.submit(new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return !result.isDone();
      }

      @Override
      public void start() {
        observers.budgetQueued(Budget.SUBMIT, queuedAt);
        startSubmit(request, attempt, result, observed);
      }
    });
  }

  private void startSubmit(ImageGenerationRequest request, int attempt, CompletableFuture<Operation> result,
      Observers.Op observed) {
    Observers.Call observedCall = observed.callStarted(observers, Method.SUBMIT, Optional.empty(), attempt);
    call(generator::submit, request, "submit").whenComplete(observedCall::finish).whenComplete((op, error) -> {
      if (error == null) {
        observed.submitted(op);
        if (!result.complete(op)) {
          // The caller stopped waiting for the submit, but the service started a generation:
          // say its id, or nobody could ever cancel or fetch it.
          LOG.log(Level.WARNING, () -> "operation " + op.id() + " was started after the caller"
              + " stopped waiting for the submit; it runs on (cancel(\"" + op.id() + "\") stops it)");
        }
        return;
      }
      ApiCallException failure = asApiCallException(error);
      if (failure.isProvablyNotAccepted() && attempt < policy.maxSubmitAttempts()) {
        Duration delay = retryDelay(attempt - 1, failure);
        LOG.log(Level.DEBUG, () -> "submit refused (" + failure.code() + "), attempt " + attempt
            + " of " + policy.maxSubmitAttempts() + ", trying again in " + delay);
        scheduler.schedule(() -> submitAttempt(request, attempt + 1, result, observed), delay);
      } else {
        result.completeExceptionally(failure);
      }
    });
  }

  /**
   * Waits until operation {@code operationId} is done and completes with it (its image present), or
   * exceptionally with {@link OperationFailedException}, {@link OperationCancelledException}, {@link
   * WaitTimeoutException} or {@link ApiCallException}, each carrying the id. Cancelling the returned
   * future stops the wait (not the operation).
   *
   * @param firstDelay when to read first: zero when resuming by id (right after submit, use {@link
   *     #awaitSubmitted})
   */
  public CompletableFuture<Operation> await(String operationId, Duration firstDelay, WaitListener listener) {
    return await(operationId, firstDelay, listener, Observers.Op.NONE);
  }

  /** {@link #await(String, Duration, WaitListener)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> await(String operationId, Duration firstDelay, WaitListener listener,
      Observers.Op observed) {
    Wait wait = new Wait(operationId, listener, observed);
    track(wait.result, closedWhileWaiting(operationId));
    wait.schedule(firstDelay);
    return wait.result;
  }

  /**
   * Waits for an operation just submitted, given the submit's reply: the first read comes one
   * (jittered) initial delay after submit, or when the reply's poll hint says, and the backoff goes
   * on from there (initial × multiplier next, not initial again).
   */
  public CompletableFuture<Operation> awaitSubmitted(Operation submitted, WaitListener listener) {
    return awaitSubmitted(submitted, listener, Observers.Op.NONE);
  }

  /** {@link #awaitSubmitted(Operation, WaitListener)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> awaitSubmitted(Operation submitted, WaitListener listener,
      Observers.Op observed) {
    Wait wait = new Wait(submitted.id(), listener, observed);
    track(wait.result, closedWhileWaiting(submitted.id()));
    wait.last = submitted;
    wait.pollAttempt = 1;
    wait.schedule(submitted.pollInterval().map(WaitEngine::boundedHint)
        .orElseGet(() -> jittered(policy.backoff(0))));
    return wait.result;
  }

  /** Asks the server to cancel an operation, once, within the per-call deadline. */
  public CompletableFuture<Operation> cancel(String operationId) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(),
        "the client was closed before the service answered the cancel of operation " + operationId);
    Observers.Call observedCall = observers.callStarted(Method.CANCEL, Optional.of(operationId), 1);
    call(generator::cancelOperation, operationId, "cancel").whenComplete(observedCall::finish)
        .whenComplete((op, error) -> {
      if (error == null) {
        result.complete(op);
      } else {
        result.completeExceptionally(asApiCallException(error).withOperationId(operationId));
      }
    });
    return result;
  }

  /** One read with the engine's read retries; for a single {@code get}. */
  public CompletableFuture<Operation> read(String operationId) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(), closedWhileWaiting(operationId));
    readAttempt(operationId, 0, result);
    return result;
  }

  private void readAttempt(String operationId, int failures, CompletableFuture<Operation> result) {
    long queuedAt = observers.nanoTime();
    budget.submit(new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return !result.isDone();
      }

      @Override
      public void start() {
        observers.budgetQueued(Budget.READ, queuedAt);
        Observers.Call observedCall = observers.callStarted(Method.GET, Optional.of(operationId), failures + 1);
        call(generator::getOperation, operationId, "read").whenComplete(observedCall::finish)
            .whenComplete((op, error) -> {
          if (error == null) {
            result.complete(op);
            return;
          }
          ApiCallException failure = asApiCallException(error).withOperationId(operationId);
          if (failure.isRetryableRead() && failures < policy.maxConsecutiveReadFailures()) {
            scheduler.schedule(() -> readAttempt(operationId, failures + 1, result),
                retryDelay(failures, failure));
          } else {
            result.completeExceptionally(failure);
          }
        });
      }
    });
  }

  /** The state of one wait. Fields are touched by one callback at a time. */
  private final class Wait implements CallBudget.Call {
    final String id;
    final WaitListener listener;
    final Observers.Op observed;
    final CompletableFuture<Operation> result = new CompletableFuture<>();
    final long start = scheduler.nanoTime();
    final long deadline = start + policy.totalBudget().toNanos();
    volatile Scheduler.Cancellable timer;
    int pollAttempt;
    int reads;
    int notFound;
    int failures;
    volatile Operation last;
    volatile long queuedAt;

    Wait(String id, WaitListener listener, Observers.Op observed) {
      this.id = id;
      this.listener = listener;
      this.observed = observed;
      result.whenComplete((op, error) -> {
        Scheduler.Cancellable t = timer;
        if (t != null && error instanceof CancellationException) {
          t.cancel();
        }
      });
    }

    void schedule(Duration delay) {
      if (result.isDone()) {
        return;
      }
      long now = scheduler.nanoTime();
      if (now + delay.toNanos() >= deadline) {
        timer = scheduler.schedule(this::timeOut, Duration.ofNanos(deadline - now));
      } else {
        timer = scheduler.schedule(() -> {
          queuedAt = observers.nanoTime();
          budget.submit(this);
        }, delay);
      }
    }

    void timeOut() {
      result.completeExceptionally(new WaitTimeoutException(
          id, last, Duration.ofNanos(scheduler.nanoTime() - start)));
    }

    @Override
    public boolean wanted() {
      return !result.isDone();
    }

    @Override
    public void start() {
      if (scheduler.nanoTime() >= deadline) {
        timeOut();
        return;
      }
      observers.budgetQueued(Budget.READ, queuedAt);
      Observers.Call observedCall = observed.callStarted(observers, Method.GET, Optional.of(id), failures + 1);
      call(generator::getOperation, id, "read").whenComplete(observedCall::finish).whenComplete(this::onRead);
    }

    private void onRead(Operation op, Throwable error) {
      if (result.isDone()) {
        return;
      }
      try {
        if (error == null) {
          onSnapshot(op);
        } else {
          onFailure(asApiCallException(error).withOperationId(id));
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    private void onSnapshot(Operation op) {
      reads++;
      failures = 0;
      last = op;
      observed.polled(op);
      tell(() -> listener.onRead(op, reads));
      if (finish(op, result)) {
        return;
      }
      Duration delay = op.pollInterval().map(WaitEngine::boundedHint)
          .orElseGet(() -> jittered(policy.backoff(pollAttempt)));
      pollAttempt++;
      schedule(delay);
    }

    private void onFailure(ApiCallException failure) {
      long sinceStart = scheduler.nanoTime() - start;
      if (failure.code() == StatusCode.NOT_FOUND && failure.origin() == ApiCallException.Origin.SERVER
          && notFound < policy.notFoundTolerance() && sinceStart < policy.notFoundWindow().toNanos()) {
        notFound++;
        LOG.log(Level.DEBUG, () -> "operation " + id + " not found yet (" + notFound
            + "), taking it for replication lag");
        schedule(jittered(policy.backoff(pollAttempt++)));
        return;
      }
      if (failure.isRetryableRead() && failures < policy.maxConsecutiveReadFailures()) {
        failures++;
        int failuresSoFar = failures;
        tell(() -> listener.onReadFailed(failure, failuresSoFar));
        LOG.log(Level.DEBUG, () -> "reading operation " + id + " failed (" + failure.code()
            + "), retry " + failures + " of " + policy.maxConsecutiveReadFailures());
        schedule(retryDelay(failures - 1, failure));
        return;
      }
      result.completeExceptionally(failure);
    }
  }

  /**
   * Fails every future this engine has not completed yet with an {@link IllegalStateException} that
   * says what was going on (and the operation id, so nothing is lost), and refuses new work. Called
   * when the client closes: its timers stop, so nothing would complete them.
   */
  public void close() {
    closed = true;
    pending.forEach((future, message) -> future.completeExceptionally(new IllegalStateException(message)));
    pending.clear();
  }

  private CompletableFuture<Operation> track(CompletableFuture<Operation> future, String ifClosed) {
    if (closed) {
      future.completeExceptionally(new IllegalStateException("the client is closed"));
      return future;
    }
    pending.put(future, ifClosed);
    future.whenComplete((op, error) -> pending.remove(future));
    return future;
  }

  private static String closedWhileWaiting(String operationId) {
    return "the client was closed while waiting for operation " + operationId
        + "; it keeps running on the service: resume with await(\"" + operationId + "\")";
  }

  /** A listener that throws must not end the wait: its exception is logged and ignored. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a WaitListener threw; ignoring it", e);
    }
  }

  /** The server's poll hint, but never below {@link #MIN_HINT}: a hint of 0 must not spin. */
  private static Duration boundedHint(Duration hint) {
    return hint.compareTo(MIN_HINT) < 0 ? MIN_HINT : hint;
  }

  /**
   * Completes {@code result} if {@code op} is finished: with the operation if it has an image, or
   * with the typed failure. Returns whether it was finished.
   */
  public static boolean finish(Operation op, CompletableFuture<Operation> result) {
    if (op.error().isPresent()) {
      OperationStatus status = op.error().get();
      result.completeExceptionally(status.code() == StatusCode.CANCELLED
          ? new OperationCancelledException(op.id(), status)
          : new OperationFailedException(op.id(), status));
      return true;
    }
    if (!op.done()) {
      return false;
    }
    if (op.image().isPresent()) {
      result.complete(op);
    } else {
      result.completeExceptionally(
          ApiCallException.builder(StatusCode.INTERNAL, ApiCallException.Origin.SERVER)
              .operationId(op.id())
              .message("the operation is done but has neither an error nor an image")
              .build());
    }
    return true;
  }

  private Duration jittered(Duration base) {
    double j = policy.jitter();
    if (j == 0) {
      return base;
    }
    double factor = 1 + j * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos((long) (base.toNanos() * factor));
  }

  private Duration retryDelay(int failures, ApiCallException failure) {
    Duration backoff = jittered(policy.backoff(failures));
    return failure.retryAfter().filter(r -> r.compareTo(backoff) > 0).orElse(backoff);
  }

  /**
   * Starts one call with the policy's per-call deadline (on the engine's scheduler, so virtual time
   * applies). A call that misses it fails with DEADLINE_EXCEEDED from the transport side: its outcome
   * is unknown.
   */
  private <T> CompletableFuture<Operation> call(
      java.util.function.Function<T, CompletableFuture<Operation>> method, T argument, String what) {
    CompletableFuture<Operation> outcome = new CompletableFuture<>();
    CompletableFuture<Operation> inner;
    try {
      inner = method.apply(argument);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (inner.isDone()) {
      return inner; // answered at once (a fake, a cache): no deadline timer needed
    }
    AtomicBoolean settled = new AtomicBoolean();
    Scheduler.Cancellable deadline = scheduler.schedule(() -> {
      if (settled.compareAndSet(false, true)) {
        inner.cancel(true);
        outcome.completeExceptionally(
            ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, ApiCallException.Origin.TRANSPORT)
                .message("no answer to the " + what + " call within " + policy.callTimeout())
                .build());
      }
    }, policy.callTimeout());
    inner.whenComplete((op, error) -> {
      if (settled.compareAndSet(false, true)) {
        deadline.cancel();
        if (error == null) {
          outcome.complete(op);
        } else {
          outcome.completeExceptionally(error);
        }
      }
    });
    return outcome;
  }

  /** The SDK error a failed call stands for: an {@link ApiCallException} as is, anything else wrapped. */
  public static ApiCallException asApiCallException(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof ApiCallException) {
      return (ApiCallException) e;
    }
    return ApiCallException.builder(StatusCode.UNKNOWN, ApiCallException.Origin.CLIENT)
        .message("the transport failed unexpectedly: " + e)
        .cause(e)
        .build();
  }

  /** The cause inside {@link CompletionException} / {@link ExecutionException} layers. */
  public static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** A supplier of uniformly random doubles in [0, 1) for jitter. */
  public static DoubleSupplier defaultRandom() {
    return () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();
  }
}
