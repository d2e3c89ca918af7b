package io.github.yandexart.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ClientObserver;
import io.github.yandexart.ClientObserver.Budget;
import io.github.yandexart.ClientObserver.CallEnd;
import io.github.yandexart.ClientObserver.CallStart;
import io.github.yandexart.ClientObserver.Kind;
import io.github.yandexart.ClientObserver.Method;
import io.github.yandexart.ClientObserver.OperationEnd;
import io.github.yandexart.ClientObserver.OperationStart;
import io.github.yandexart.ClientObserver.Outcome;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationCancelledException;
import io.github.yandexart.OperationFailedException;
import io.github.yandexart.WaitTimeoutException;
import io.github.yandexart.YandexArtException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The client's {@link ClientObserver}s as one: fans each event out to every observer with that
 * observer's own context, and logs and ignores an observer that throws. With no observer every
 * method returns at once and allocates nothing, so an unobserved client pays nothing.
 */
public final class Observers {
  private static final System.Logger LOG = System.getLogger(Observers.class.getName());
  private static final Object[] NO_CONTEXTS = new Object[0];

  private final ClientObserver[] observers;
  private final String transport;
  private final LongSupplier nanoTime;

  public Observers(List<ClientObserver> observers, String transport, LongSupplier nanoTime) {
    this.observers = observers.toArray(new ClientObserver[0]);
    this.transport = transport;
    this.nanoTime = nanoTime;
  }

  /** No observer at all. */
  public static Observers none() {
    return new Observers(List.of(), "none", () -> 0L);
  }

  /**
   * The name observers see for {@code generator}'s transport: its class's simple name, lower case,
   * less {@code ImageGenerator} ({@code RestImageGenerator} is {@code rest}, {@code
   * FakeImageGenerator} is {@code fake}).
   */
  public static String transportName(ImageGenerator generator) {
    String name = generator.getClass().getSimpleName();
    if (name.endsWith("ImageGenerator") && name.length() > "ImageGenerator".length()) {
      name = name.substring(0, name.length() - "ImageGenerator".length());
    }
    return name.isEmpty() ? "custom" : name.toLowerCase(Locale.ROOT);
  }

  public String transport() {
    return transport;
  }

  public boolean isEmpty() {
    return observers.length == 0;
  }

  /** Starts an operation's life; end it with {@link Op#finish(Throwable)}. */
  public Op operationStarted(Kind kind, Optional<String> operationId) {
    if (observers.length == 0) {
      return Op.NONE;
    }
    OperationStart start = new OperationStart(kind, transport, operationId);
    Object[] contexts = new Object[observers.length];
    for (int i = 0; i < observers.length; i++) {
      ClientObserver o = observers[i];
      contexts[i] = safely(o, "operationStarted", () -> o.operationStarted(start));
    }
    return new Op(this, start, contexts, nanoTime.getAsLong());
  }

  /** A call made outside any operation (a lone submit, get or cancel). */
  public Call callStarted(Method method, Optional<String> operationId, int attempt) {
    return Op.NONE.callStarted(this, method, operationId, attempt);
  }

  /** Reports time spent queued on a budget, measured from {@code queuedAt} (the scheduler's nanos). */
  public void budgetQueued(Budget budget, long queuedAt) {
    if (observers.length == 0) {
      return;
    }
    Duration queued = Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - queuedAt));
    for (ClientObserver o : observers) {
      safely(o, "budgetQueued", () -> {
        o.budgetQueued(budget, queued);
        return null;
      });
    }
  }

  /** The scheduler's clock, for {@link #budgetQueued}. */
  public long nanoTime() {
    return observers.length == 0 ? 0L : nanoTime.getAsLong();
  }

  /** What an operation's end stands for, given the error that ended it ({@code null}: success). */
  public static Outcome outcomeOf(Throwable error) {
    Throwable e = WaitEngine.unwrap(error);
    if (e == null) {
      return Outcome.SUCCEEDED;
    }
    if (e instanceof OperationCancelledException) {
      return Outcome.CANCELLED;
    }
    if (e instanceof OperationFailedException) {
      return Outcome.FAILED;
    }
    if (e instanceof WaitTimeoutException) {
      return Outcome.STOPPED_WAITING;
    }
    if (e instanceof ApiCallException) {
      return Outcome.CALL_FAILED;
    }
    return Outcome.ABANDONED;
  }

  private static <T> T safely(ClientObserver observer, String event, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ClientObserver " + observer.getClass().getName() + " threw from " + event
          + "; ignoring it", e);
      return null;
    }
  }

  /**
   * One operation's life, as the observers follow it. Thread-safe; {@link #finish} acts once, and
   * nothing about the operation is told after it (a call still in flight may end later).
   */
  public static final class Op {
    /** The operation of an unobserved client, or the absence of one. */
    public static final Op NONE = new Op(null, null, NO_CONTEXTS, 0L);

    private final Observers owner;
    private final OperationStart start;
    private final Object[] contexts;
    private final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String operationId;
    private volatile int reads;

    private Op(Observers owner, OperationStart start, Object[] contexts, long startNanos) {
      this.owner = owner;
      this.start = start;
      this.contexts = contexts;
      this.startNanos = startNanos;
      this.operationId = start == null ? null : start.operationId().orElse(null);
    }

    /** The service accepted the generation's submit. */
    public void submitted(Operation op) {
      if (owner == null) {
        return;
      }
      operationId = op.id();
      if (finished.get()) {
        return; // the caller gave up before the answer came: its end was told already
      }
      for (int i = 0; i < contexts.length; i++) {
        ClientObserver o = owner.observers[i];
        Object context = contexts[i];
        safely(o, "operationSubmitted", () -> {
          o.operationSubmitted(context, op);
          return null;
        });
      }
    }

    /** A read of the operation succeeded. */
    public void polled(Operation snapshot) {
      if (owner == null || finished.get()) {
        return;
      }
      int n = ++reads;
      for (int i = 0; i < contexts.length; i++) {
        ClientObserver o = owner.observers[i];
        Object context = contexts[i];
        safely(o, "operationPolled", () -> {
          o.operationPolled(context, snapshot, n);
          return null;
        });
      }
    }

    /** Ends the operation's life with {@code error}'s outcome ({@code null}: it succeeded); once. */
    public void finish(Throwable error) {
      if (owner == null || !finished.compareAndSet(false, true)) {
        return;
      }
      Throwable e = WaitEngine.unwrap(error);
      String id = operationId;
      if (id == null && e instanceof YandexArtException) {
        id = ((YandexArtException) e).operationId().orElse(null);
      }
      OperationEnd end = new OperationEnd(start, outcomeOf(e), Optional.ofNullable(id),
          Duration.ofNanos(Math.max(0, owner.nanoTime.getAsLong() - startNanos)), reads,
          Optional.ofNullable(e));
      for (int i = 0; i < contexts.length; i++) {
        ClientObserver o = owner.observers[i];
        Object context = contexts[i];
        safely(o, "operationFinished", () -> {
          o.operationFinished(context, end);
          return null;
        });
      }
    }

    /** A call made for this operation (or, on {@link #NONE}, for none) begins. */
    public Call callStarted(Observers observers, Method method, Optional<String> operationId, int attempt) {
      if (observers.observers.length == 0) {
        return Call.NONE;
      }
      CallStart call = new CallStart(method, observers.transport, operationId, attempt);
      Object[] callContexts = new Object[observers.observers.length];
      for (int i = 0; i < callContexts.length; i++) {
        ClientObserver o = observers.observers[i];
        Object context = i < contexts.length ? contexts[i] : null;
        callContexts[i] = safely(o, "callStarted", () -> o.callStarted(context, call));
      }
      return new Call(observers, call, callContexts, observers.nanoTime.getAsLong());
    }
  }

  /** One call, as the observers follow it; {@link #finish} acts once. */
  public static final class Call {
    /** The call of an unobserved client. */
    public static final Call NONE = new Call(null, null, NO_CONTEXTS, 0L);

    private final Observers owner;
    private final CallStart start;
    private final Object[] contexts;
    private final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();

    private Call(Observers owner, CallStart start, Object[] contexts, long startNanos) {
      this.owner = owner;
      this.start = start;
      this.contexts = contexts;
      this.startNanos = startNanos;
    }

    /** Ends the call: with {@code answer}, or with {@code error} when it is not null. */
    public void finish(Operation answer, Throwable error) {
      if (owner == null || !finished.compareAndSet(false, true)) {
        return;
      }
      Duration duration = Duration.ofNanos(Math.max(0, owner.nanoTime.getAsLong() - startNanos));
      CallEnd end = error == null && answer != null
          ? CallEnd.answered(start, duration, answer)
          : CallEnd.failed(start, duration, WaitEngine.asApiCallException(
              error != null ? error : new IllegalStateException("the call completed with no operation")));
      for (int i = 0; i < contexts.length; i++) {
        ClientObserver o = owner.observers[i];
        Object context = contexts[i];
        safely(o, "callFinished", () -> {
          o.callFinished(context, end);
          return null;
        });
      }
    }
  }
}
