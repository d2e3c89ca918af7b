package io.github.yandexart.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientObserver.Budget;
import io.github.yandexart.ClientObserver.Method;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.WaitListener;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.spi.ImageSinkWriter;
import io.github.yandexart.spi.RateLimiter;
import io.github.yandexart.spi.Scheduler;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutionException;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Submits and waits for operations without a thread per operation: every wait is a small state
 * machine driven by the {@link Scheduler}'s timers and the transport's callbacks, and every read
 * goes through one {@link CallBudget}.
 *
 * <p>Deadlines have one owner each: the engine owns the total budget, the transport owns each call's
 * deadline. Every call is made with {@code CallOptions.timeout(min(callTimeout, what is left of the
 * total budget))} and the engine runs no timer of its own for calls, so a timed-out call keeps the
 * origin the transport knew (CONNECT or TRANSPORT).
 *
 * <p>A delay the server asks for ({@code Retry-After}, {@code RetryInfo}, a poll hint) is a hint: it
 * is capped at {@link #MAX_SERVER_DELAY}, and when what is left of the total budget cannot cover it
 * the engine ends at once: a wait with {@link WaitTimeoutException} (its {@code requestedDelay()} set),
 * a submit with the refusal's {@link ApiCallException}, both saying how long the service asked to wait.
 */
public final class WaitEngine {
  private static final System.Logger LOG = System.getLogger(WaitEngine.class.getName());
  /** The shortest delay a server poll hint may ask for. */
  static final Duration MIN_HINT = Duration.ofMillis(100);
  /** The longest delay a server may ask for before the next call; longer requests are cut to this. */
  public static final Duration MAX_SERVER_DELAY = Duration.ofSeconds(60);

  private final ImageGenerator generator;
  private final WaitPolicy policy;
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final CallGate budget;
  private final CallGate submitBudget;
  private final Observers observers;
  /** How many of the oldest waits keep polling at their own pace while the others hold back. */
  static final int PROBES = 3;
  /**
   * How old an operation may get while held back before any operation was seen done: should the
   * oldest never finish, the others are then polled at their own pace all the same.
   */
  static final Duration MAX_HOLD = Duration.ofMinutes(2);
  /** Waits that began with a submit this engine saw, oldest first: their age is their operation's. */
  private final ConcurrentSkipListSet<Wait> timedWaits = new ConcurrentSkipListSet<>(
      (a, b) -> a.start != b.start ? Long.compare(a.start, b.start) : Long.compare(a.seq, b.seq));
  private final AtomicInteger submittedCount = new AtomicInteger();
  private final AtomicLong waitSeq = new AtomicLong();
  private final TimeToDone timeToDone = new TimeToDone();
  /**
   * Futures this engine still has to complete, with what to fail them with should it be closed (the
   * message is made only then).
   */
  private final Map<CompletableFuture<Operation>, Supplier<String>> pending = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public WaitEngine(ImageGenerator generator, WaitPolicy policy, Scheduler scheduler, DoubleSupplier random) {
    this(generator, policy, scheduler, random, null, null, Observers.none());
  }

  /**
   * An engine whose submits and reads wait for {@code submitLimiter} and {@code readLimiter} (a quota
   * shared with other processes) instead of the policy's in-memory budgets, where not null, and that
   * tells {@code observers} about its calls, waits and budget queueing.
   */
  public WaitEngine(ImageGenerator generator, WaitPolicy policy, Scheduler scheduler, DoubleSupplier random,
      RateLimiter submitLimiter, RateLimiter readLimiter, Observers observers) {
    this.observers = observers;
    this.generator = generator;
    this.policy = policy;
    this.scheduler = scheduler;
    this.random = random;
    this.budget = readLimiter != null ? CallGate.of(readLimiter)
        : new CallBudget(policy.maxReadsPerSecond(), scheduler);
    this.submitBudget = submitLimiter != null ? CallGate.of(submitLimiter)
        : new CallBudget(policy.maxSubmitsPerMinute(), Duration.ofMinutes(1), scheduler);
  }

  /** The failure of a call whose quota could not be read: nothing was sent. */
  private static ApiCallException quotaUnreadable(Throwable error, String operationId) {
    Throwable cause = unwrap(error);
    return ApiCallException.builder(StatusCode.UNAVAILABLE, ApiCallException.Origin.CLIENT)
        .operationId(operationId)
        .message("the shared quota could not be read (" + cause.getClass().getSimpleName() + "); nothing was sent")
        .cause(cause)
        .build();
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

  /** The scheduler time at which a total budget that starts now runs out. */
  public long deadlineFromNow() {
    return saturatedAdd(scheduler.nanoTime(), policy.totalBudget().toNanos());
  }

  /**
   * Submits {@code request}, repeating it only where the service provably did not accept it (no
   * connection, 429, 503), with backoff and {@code Retry-After}, all within the total budget that
   * ends at {@code deadline} (scheduler time).
   */
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, long deadline) {
    return submit(request, deadline, CallOptions.defaults(), Observers.Op.NONE);
  }

  /**
   * Like {@link #submit(ImageGenerationRequest, long)}, each attempt made with {@code options}: its
   * client request id (the same for every attempt: one intent) and its timeout as the per-call cap.
   */
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, long deadline, CallOptions options) {
    return submit(request, deadline, options, Observers.Op.NONE);
  }

  /** {@link #submit(ImageGenerationRequest, long, CallOptions)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> submit(ImageGenerationRequest request, long deadline, CallOptions options,
      Observers.Op observed) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(), () ->
        "the client was closed before the submit was answered; the service may have started a"
            + " generation");
    submitAttempt(request, 1, deadline, options, result, observed);
    return result;
  }

  private void submitAttempt(ImageGenerationRequest request, int attempt, long deadline, CallOptions options,
      CompletableFuture<Operation> result, Observers.Op observed) {
    long queuedAt = observers.nanoTime();
    submitBudget.submit(new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return !result.isDone();
      }

      @Override
      public CompletionStage<?> start() {
        observers.budgetQueued(Budget.SUBMIT, queuedAt);
        return startSubmit(request, attempt, deadline, options, result, observed);
      }

      @Override
      public void refused(Throwable error) {
        result.completeExceptionally(quotaUnreadable(error, null));
      }
    });
  }

  private CompletionStage<?> startSubmit(ImageGenerationRequest request, int attempt, long deadline,
      CallOptions options, CompletableFuture<Operation> result, Observers.Op observed) {
    long left = deadline - scheduler.nanoTime();
    if (left <= 0) {
      result.completeExceptionally(
          ApiCallException.builder(StatusCode.DEADLINE_EXCEEDED, ApiCallException.Origin.CLIENT)
              .message("the total budget of " + seconds(policy.totalBudget()) + " ran out before the"
                  + " submit could be sent (it waited for the submit quota); nothing was sent")
              .build());
      return null;
    }
    Observers.Call observedCall = observed.callStarted(observers, Method.SUBMIT, Optional.empty(), attempt);
    CompletableFuture<Operation> call = call((r, o) -> generator.submit(r, o), request, left, options);
    call.whenComplete(observedCall::finish).whenComplete((op, error) -> {
      if (error == null) {
        observed.submitted(op);
        if (!result.complete(op)) {
          // The caller stopped waiting for the submit, but the service started a generation:
          // say its id, or nobody could ever cancel or fetch it.
          LOG.log(Level.WARNING, () -> "operation " + op.id() + " was started after the caller"
              + " stopped waiting for the submit; it runs on (cancelOperation(\"" + op.id()
              + "\") stops it)");
        }
        return;
      }
      if (isMisuse(error)) {
        result.completeExceptionally(unwrap(error));
        return;
      }
      ApiCallException failure = asApiCallException(error);
      if (!failure.isProvablyNotAccepted() || attempt >= policy.maxSubmitAttempts()) {
        result.completeExceptionally(failure);
        return;
      }
      Duration delay = retryDelay(attempt - 1, failure);
      long now = scheduler.nanoTime();
      if (now + delay.toNanos() >= deadline) {
        result.completeExceptionally(failure.toBuilder()
            .message(askedToWait(failure, delay, Duration.ofNanos(Math.max(0, deadline - now)))
                + "; not trying again: " + failure.getMessage())
            .cause(failure)
            .build());
        return;
      }
      LOG.log(Level.DEBUG, () -> "submit refused (" + failure.code() + "), attempt " + attempt
          + " of " + policy.maxSubmitAttempts() + ", trying again in " + delay);
      scheduler.schedule(() -> submitAttempt(request, attempt + 1, deadline, options, result, observed), delay);
    });
    return call;
  }

  private static String askedToWait(ApiCallException failure, Duration delay, Duration left) {
    return failure.retryAfter()
        .filter(r -> capped(r).compareTo(left) >= 0)
        .map(r -> "the service asked to wait " + seconds(r) + " before trying again, more than the "
            + seconds(left) + " left of the total budget")
        .orElse("the next attempt (in " + seconds(delay) + ") would come after the total budget ran"
            + " out (" + seconds(left) + " left)");
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
    return await(operationId, firstDelay, listener, Observers.Op.NONE, null);
  }

  /** {@link #await(String, Duration, WaitListener)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> await(String operationId, Duration firstDelay, WaitListener listener,
      Observers.Op observed) {
    return await(operationId, firstDelay, listener, observed, null);
  }

  /**
   * Like {@link #await(String, Duration, WaitListener, Observers.Op)}, each read streaming a finished
   * image into {@code sink} (null: held in memory); the returned operation's image is then streamed.
   */
  public CompletableFuture<Operation> await(String operationId, Duration firstDelay, WaitListener listener,
      Observers.Op observed, ImageSink sink) {
    Wait wait = new Wait(operationId, listener, deadlineFromNow(), sink, observed);
    track(wait.result, () -> closedWhileWaiting(operationId));
    wait.schedule(firstDelay);
    return wait.result;
  }

  /**
   * Waits for an operation just submitted, given the submit's reply: the first read comes one
   * (jittered) initial delay after submit, or when the reply's poll hint says, and the backoff goes
   * on from there (initial × multiplier next, not initial again). The wait ends by {@code deadline}
   * (scheduler time), the total budget that began before the submit.
   */
  public CompletableFuture<Operation> awaitSubmitted(Operation submitted, WaitListener listener, long deadline) {
    return awaitSubmitted(submitted, listener, deadline, Observers.Op.NONE, null);
  }

  /** {@link #awaitSubmitted(Operation, WaitListener, long)} for the observed operation {@code observed}. */
  public CompletableFuture<Operation> awaitSubmitted(Operation submitted, WaitListener listener, long deadline,
      Observers.Op observed) {
    return awaitSubmitted(submitted, listener, deadline, observed, null);
  }

  /**
   * Like {@link #awaitSubmitted(Operation, WaitListener, long, Observers.Op)}, streaming the image into
   * {@code sink} (null: held in memory).
   */
  public CompletableFuture<Operation> awaitSubmitted(Operation submitted, WaitListener listener, long deadline,
      Observers.Op observed, ImageSink sink) {
    Wait wait = new Wait(submitted.id(), listener, deadline, sink, observed);
    track(wait.result, () -> closedWhileWaiting(submitted.id()));
    wait.timed = true;
    timedWaits.add(wait);
    submittedCount.incrementAndGet();
    wait.result.whenComplete((op, error) -> {
      if (timedWaits.remove(wait)) {
        submittedCount.decrementAndGet();
      }
    });
    wait.last = submitted;
    wait.next(submitted); // backoff(0) or the reply's hint, then backoff(1), ...
    return wait.result;
  }

  /** Asks the server to cancel an operation: one call, bounded by one call timeout. */
  public CompletableFuture<Operation> cancel(String operationId) {
    return cancel(operationId, CallOptions.defaults());
  }

  /** {@link #cancel(String)} made with {@code options} (its executor, say). */
  public CompletableFuture<Operation> cancel(String operationId, CallOptions options) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(), () ->
        "the client was closed before the service answered the cancel of operation " + operationId);
    Observers.Call observedCall = observers.callStarted(Method.CANCEL, Optional.of(operationId), 1);
    call((id, o) -> generator.cancelOperation(id, o), operationId, Long.MAX_VALUE, options)
        .whenComplete(observedCall::finish)
        .whenComplete((op, error) -> settle(result, operationId, op, error));
    return result;
  }

  /**
   * One look at an operation: one read (in turn with the poll budget), bounded by one call timeout,
   * never retried; a finished image goes into {@code sink} when there is one.
   */
  public CompletableFuture<Operation> read(String operationId) {
    return read(operationId, CallOptions.defaults());
  }

  /**
   * {@link #read(String)} made with {@code options}: a finished image streamed into its sink, if any
   * (else held in memory); its executor, if any.
   */
  public CompletableFuture<Operation> read(String operationId, CallOptions options) {
    CompletableFuture<Operation> result = track(new CompletableFuture<>(), () -> closedWhileWaiting(operationId));
    long queuedAt = observers.nanoTime();
    budget.submit(new CallBudget.Call() {
      @Override
      public boolean wanted() {
        return !result.isDone();
      }

      @Override
      public CompletionStage<?> start() {
        observers.budgetQueued(Budget.READ, queuedAt);
        Observers.Call observedCall = observers.callStarted(Method.GET, Optional.of(operationId), 1);
        CompletableFuture<Operation> call =
            call((id, o) -> generator.getOperation(id, o), operationId, Long.MAX_VALUE, options);
        call.whenComplete(observedCall::finish).whenComplete((op, error) -> settle(result, operationId, op, error));
        return call;
      }

      @Override
      public void refused(Throwable error) {
        result.completeExceptionally(quotaUnreadable(error, operationId));
      }
    }, Long.MIN_VALUE); // asked for by hand: ahead of the waits' reads
    return result;
  }

  private static void settle(CompletableFuture<Operation> result, String operationId, Operation op, Throwable error) {
    if (error == null) {
      result.complete(op);
    } else if (isMisuse(error)) {
      result.completeExceptionally(unwrap(error));
    } else {
      result.completeExceptionally(asApiCallException(error).withOperationId(operationId));
    }
  }

  /** The state of one wait. Fields are touched by one callback at a time. */
  private final class Wait implements CallBudget.Call {
    final String id;
    final WaitListener listener;
    final CompletableFuture<Operation> result = new CompletableFuture<>();
    final long start = scheduler.nanoTime();
    final long deadline;
    final ImageSink sink;
    final Observers.Op observed;
    final long seq = waitSeq.incrementAndGet();
    /** Whether {@link #start} is when the operation was submitted, so that the wait's age is the operation's. */
    volatile boolean timed;
    /** When the last read was queued for the budget. */
    volatile long queuedAt;
    volatile Scheduler.Cancellable timer;
    int pollAttempt;
    int reads;
    int notFound;
    int failures;
    volatile Operation last;
    /** Whether the read in flight got what was left of the total budget as its deadline, not the call timeout. */
    volatile boolean cutByBudget;

    Wait(String id, WaitListener listener, long deadline, ImageSink sink, Observers.Op observed) {
      this.id = id;
      this.sink = sink;
      this.observed = observed;
      this.listener = listener;
      this.deadline = deadline;
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
        timer = scheduler.schedule(this::timeOut, Duration.ofNanos(Math.max(0, deadline - now)));
      } else {
        timer = scheduler.schedule(this::enqueue, delay);
      }
    }

    /**
     * Queues the read for the budget, oldest operation first; or, when more operations wait than the
     * budget reads in a second (so reads are scarce), holds it back until the operation is as old as
     * the typical time to done, or (before one is known) while the {@link #PROBES} oldest are polled,
     * for at most {@link #MAX_HOLD} of its age.
     */
    void enqueue() {
      if (result.isDone()) {
        return;
      }
      long now = scheduler.nanoTime();
      if (timed && submittedCount.get() > policy.maxReadsPerSecond() && !isProbe(this)) {
        long typical = timeToDone.estimate();
        long age = now - start;
        if (typical < 0 && age < MAX_HOLD.toNanos()) {
          schedule(jittered(policy.backoff(pollAttempt++)));
          return;
        }
        if (typical >= 0 && age < typical) {
          schedule(Duration.ofNanos(typical - age));
          return;
        }
      }
      queuedAt = now;
      budget.submit(this, start);
    }

    void timeOut() {
      result.completeExceptionally(new WaitTimeoutException(
          id, last, Duration.ofNanos(scheduler.nanoTime() - start)));
    }

    /**
     * Waits {@code delay}, unless the delay the server asked for ({@code requested}, capped) is more
     * than the total budget can cover: then ends now, saying so. (A longer delay of our own backoff
     * runs into the budget's end as usual.)
     */
    void scheduleAsked(Duration delay, Duration requested) {
      if (scheduler.nanoTime() + capped(requested).toNanos() > deadline) {
        result.completeExceptionally(new WaitTimeoutException(
            id, last, Duration.ofNanos(scheduler.nanoTime() - start), requested));
      } else {
        schedule(delay);
      }
    }

    /** Schedules the read after snapshot {@code op}: the server's poll hint, or the backoff. */
    void next(Operation op) {
      Optional<Duration> hint = op.pollInterval();
      int attempt = pollAttempt++;
      if (hint.isPresent()) {
        scheduleAsked(boundedHint(hint.get()), hint.get());
      } else {
        schedule(jittered(policy.backoff(attempt)));
      }
    }

    @Override
    public boolean wanted() {
      return !result.isDone();
    }

    @Override
    public void refused(Throwable error) {
      result.completeExceptionally(quotaUnreadable(error, id));
    }

    @Override
    public CompletionStage<?> start() {
      if (scheduler.nanoTime() >= deadline) {
        timeOut();
        return null;
      }
      observers.budgetQueued(Budget.READ, queuedAt);
      Observers.Call observedCall = observed.callStarted(observers, Method.GET, Optional.of(id), failures + 1);
      long left = deadline - scheduler.nanoTime();
      cutByBudget = left < policy.callTimeout().toNanos();
      CompletableFuture<Operation> call =
          call((i, o) -> generator.getOperation(i, o), id, left, withSink(sink));
      call.whenComplete(observedCall::finish).whenComplete(this::onRead);
      return call;
    }

    private void onRead(Operation op, Throwable error) {
      if (result.isDone()) {
        return;
      }
      try {
        if (error == null) {
          onSnapshot(op);
        } else if (isMisuse(error)) {
          result.completeExceptionally(unwrap(error));
        } else {
          onFailure(asApiCallException(error).withOperationId(id));
        }
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    private void onSnapshot(Operation op) {
      if (timed && op.done() && op.error().isEmpty()) {
        timeToDone.observe(queuedAt - start);
      }
      reads++;
      failures = 0;
      last = op;
      observed.polled(op);
      tell(() -> listener.onRead(op, reads));
      if (finish(op, result)) {
        return;
      }
      next(op);
    }

    private void onFailure(ApiCallException failure) {
      long sinceStart = scheduler.nanoTime() - start;
      if (cutByBudget && failure.code() == StatusCode.DEADLINE_EXCEEDED) {
        // the read's deadline was the end of the total budget: we stopped waiting, the operation runs on
        result.completeExceptionally(new WaitTimeoutException(id, last, Duration.ofNanos(sinceStart), null, failure));
        return;
      }
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
        Duration delay = retryDelay(failures - 1, failure);
        if (failure.retryAfter().isPresent()) {
          scheduleAsked(delay, failure.retryAfter().get());
        } else {
          schedule(delay);
        }
        return;
      }
      result.completeExceptionally(failure);
    }
  }

  /** Whether {@code wait} is one of the {@link #PROBES} oldest waits in flight. */
  private boolean isProbe(Wait wait) {
    int i = 0;
    for (Wait w : timedWaits) {
      if (w == wait) {
        return true;
      }
      if (++i >= PROBES) {
        return false;
      }
    }
    return false;
  }

  /**
   * The typical time from submit to done that this client has seen: a moving average of the age
   * at which a read that found the operation done was queued. Unknown (negative) until one is seen.
   */
  static final class TimeToDone {
    private static final double WEIGHT = 0.2;
    private long estimate = -1;

    synchronized long estimate() {
      return estimate;
    }

    synchronized void observe(long ageNanos) {
      long age = Math.max(0, ageNanos);
      estimate = estimate < 0 ? age : (long) (estimate + WEIGHT * (age - estimate));
    }
  }

  /**
   * Fails every future this engine has not completed yet with an {@link IllegalStateException} that
   * says what was going on (and the operation id, so nothing is lost), and refuses new work. Called
   * when the client closes: its timers stop, so nothing would complete them.
   */
  public void close() {
    closed = true;
    pending.forEach((future, message) -> future.completeExceptionally(new IllegalStateException(message.get())));
    pending.clear();
  }

  private CompletableFuture<Operation> track(CompletableFuture<Operation> future, Supplier<String> ifClosed) {
    if (closed) {
      future.completeExceptionally(new IllegalStateException("this YandexArtClient is closed"));
      return future;
    }
    pending.put(future, ifClosed);
    future.whenComplete((op, error) -> pending.remove(future));
    return future;
  }

  private static String closedWhileWaiting(String operationId) {
    return "the client is closed; it was waiting for operation " + operationId
        + ", which keeps running on the service: resume with YandexArtClient.await(\"" + operationId + "\")";
  }

  /** A listener that throws must not end the wait: its exception is logged and ignored. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a WaitListener threw; ignoring it", e);
    }
  }

  /**
   * The server's poll hint, but never below {@link #MIN_HINT} (a hint of 0 must not spin) nor above
   * {@link #MAX_SERVER_DELAY}.
   */
  private static Duration boundedHint(Duration hint) {
    return hint.compareTo(MIN_HINT) < 0 ? MIN_HINT : capped(hint);
  }

  private static Duration capped(Duration serverDelay) {
    return serverDelay.compareTo(MAX_SERVER_DELAY) > 0 ? MAX_SERVER_DELAY : serverDelay;
  }

  /**
   * {@code op} with its image written into {@code sink} ({@link ImageSinkWriter#deliver}); when the
   * sink fails, {@code result} fails with the {@link UncheckedIOException} and {@code op} comes back
   * without its image, so that {@link #finish} leaves {@code result} as it is.
   */
  public static Operation deliver(Operation op, ImageSink sink, CompletableFuture<Operation> result) {
    try {
      return ImageSinkWriter.deliver(op, CallOptions.defaults().withImageSink(sink));
    } catch (UncheckedIOException e) {
      result.completeExceptionally(e);
      return op;
    }
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

  /** The backoff, or the server's {@code Retry-After} (capped at {@link #MAX_SERVER_DELAY}) if longer. */
  private Duration retryDelay(int failures, ApiCallException failure) {
    Duration backoff = jittered(policy.backoff(failures));
    return failure.retryAfter().map(WaitEngine::capped).filter(r -> r.compareTo(backoff) > 0).orElse(backoff);
  }

  /**
   * Starts one call whose deadline is the smaller of the policy's call timeout and {@code leftNanos}
   * (what is left of the total budget). The transport enforces it; the engine keeps no timer.
   */
  private <T> CompletableFuture<Operation> call(
      BiFunction<T, CallOptions, CompletableFuture<Operation>> method, T argument, long leftNanos,
      CallOptions options) {
    Duration timeout = options.timeoutOr(policy.callTimeout());
    if (leftNanos < timeout.toNanos()) {
      timeout = Duration.ofNanos(Math.max(1, leftNanos));
    }
    CallOptions made = options.withTimeout(timeout);
    try {
      CompletableFuture<Operation> call = method.apply(argument, made);
      if (made.imageSink().isEmpty()) {
        return call;
      }
      // A transport that could not stream returned the bytes: write them into the sink here.
      return call.thenApply(op -> ImageSinkWriter.deliver(op, made));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CallOptions withSink(ImageSink sink) {
    return sink == null ? CallOptions.defaults() : CallOptions.defaults().withImageSink(sink);
  }

  /**
   * Misuse (a closed generator, an argument it refused) and a failed {@link ImageSink} reach the
   * caller as they are, not as an ApiCallException, and are not repeated.
   */
  private static boolean isMisuse(Throwable error) {
    Throwable e = unwrap(error);
    return e instanceof IllegalStateException || e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException;
  }

  /** {@code 5.0s}: one decimal, for messages. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
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
