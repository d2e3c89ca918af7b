package io.github.yandexart.internal;

import io.github.yandexart.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;

/**
 * A client-wide quota: at most {@code permits} calls in any window of {@code window}, as the
 * <em>server</em> counts them. Calls past the budget queue (no thread waits) and start, in order of
 * their priority (then first come, first served), when a slot is free.
 *
 * <p>A slot is taken when a call is handed to the transport and stays taken until the call has ended
 * and one window has passed since. A call's request reaches the server at some moment between the
 * hand-over and the answer (a transport may hold it back, behind other requests on its connections),
 * so counting it as in the window for that whole span, and for one window after the answer, keeps
 * every sliding window of the server's arrival times within the budget, the first one included: there
 * is no initial burst, and reads that a transport queued cannot leave together with the next window's.
 * The engine keeps one budget for operation reads (50 a second) and one for submits (500 a minute),
 * the service's quotas.
 */
public final class CallBudget implements CallGate {
  private static final System.Logger LOG = System.getLogger(CallBudget.class.getName());

  /** A call waiting for a slot. */
  public interface Call {
    /** False when nobody wants the call any more; it is dropped without using a slot. */
    boolean wanted();

    /**
     * Starts the call; must not block. Returns the call in flight, whose end frees the slot one
     * window later; {@code null} when nothing was sent (the slot is then counted from now).
     */
    CompletionStage<?> start();

    /** The quota could not be read (a shared {@link io.github.yandexart.spi.RateLimiter} failed): fail the call unsent. */
    default void refused(Throwable error) {}
  }

  private static final class Waiting {
    final Call call;
    final long priority;
    final long order;

    Waiting(Call call, long priority, long order) {
      this.call = call;
      this.priority = priority;
      this.order = order;
    }
  }

  private final long window;
  private final Scheduler scheduler;
  private final int permits;
  private final PriorityQueue<Waiting> queue = new PriorityQueue<>((a, b) -> a.priority != b.priority
      ? Long.compare(a.priority, b.priority) : Long.compare(a.order, b.order));
  /** When the calls that ended within the last window ended, oldest first. */
  private final Times ended = new Times();
  private long order;
  private int inFlight;
  private boolean timerSet;
  private boolean draining;
  private boolean again;

  /** At most {@code perSecond} calls in any one second. */
  public CallBudget(int perSecond, Scheduler scheduler) {
    this(perSecond, Duration.ofSeconds(1), scheduler);
  }

  /** At most {@code permits} calls in any window of {@code window}. */
  public CallBudget(int permits, Duration window, Scheduler scheduler) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits " + permits + " must be at least 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window " + window + " must be positive");
    }
    this.window = window.toNanos();
    this.permits = permits;
    this.scheduler = scheduler;
  }

  /** Starts {@code call} now if the budget allows, or later, first come first served. */
  @Override
  public void submit(Call call) {
    submit(call, Long.MAX_VALUE);
  }

  /**
   * Starts {@code call} now if the budget allows, or later: queued calls start lowest {@code priority}
   * first, equal priorities first come first served.
   */
  @Override
  public void submit(Call call, long priority) {
    synchronized (this) {
      if (!draining && queue.isEmpty() && hasSlot(scheduler.nanoTime())) {
        // nothing waits and a slot is free: start it here, without queueing it
        if (!call.wanted()) {
          return;
        }
        inFlight++;
        draining = true;
      } else {
        queue.add(new Waiting(call, priority, order++));
        if (draining) {
          again = true;
          return;
        }
        draining = true;
        call = null;
      }
    }
    drainFrom(call);
  }

  /** How many calls are waiting for a slot. */
  @Override
  public synchronized int queued() {
    return queue.size();
  }

  /** How many calls have been handed over and not ended yet. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /**
   * Starts what the budget allows. One thread drains at a time; a drain asked for meanwhile (a call
   * that ended at once, say) makes that thread go round again instead of recursing.
   */
  private void drain() {
    synchronized (this) {
      if (draining) {
        again = true;
        return;
      }
      draining = true;
    }
    drainFrom(null);
  }

  /** Drains, as the one thread that does, starting with {@code first} (already counted in flight) if any. */
  private void drainFrom(Call first) {
    Call next = first;
    while (true) {
      if (next != null) {
        start(next);
        next = null;
      } else {
        for (Call call : ready()) {
          start(call);
        }
      }
      synchronized (this) {
        if (!again) {
          draining = false;
          return;
        }
        again = false;
      }
    }
  }

  private void start(Call call) {
    CompletionStage<?> running = null;
    try {
      running = call.start();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a budgeted call failed to start", e);
    }
    if (running == null) {
      end();
    } else {
      running.whenComplete((value, error) -> end());
    }
  }

  /** Whether a call may start at {@code now}; forgets the ends more than a window old. */
  private boolean hasSlot(long now) {
    while (ended.size() > 0 && now - ended.oldest() >= window) {
      ended.dropOldest();
    }
    return inFlight + ended.size() < permits;
  }

  private synchronized List<Call> ready() {
    List<Call> ready = List.of();
    long now = scheduler.nanoTime();
    boolean slot = hasSlot(now);
    while (!queue.isEmpty()) {
      Call head = queue.peek().call;
      if (!head.wanted()) {
        queue.poll();
        continue;
      }
      if (!slot) {
        if (ended.size() > 0 && !timerSet) {
          timerSet = true;
          scheduler.schedule(this::onTimer, Duration.ofNanos(window - (now - ended.oldest())));
        }
        // otherwise every slot is held by a call in flight, whose end drains again
        break;
      }
      inFlight++;
      if (ready.isEmpty()) {
        ready = new ArrayList<>();
      }
      ready.add(queue.poll().call);
      slot = inFlight + ended.size() < permits;
    }
    return ready;
  }

  /** A call ended: its slot stays taken for one more window. */
  private void end() {
    synchronized (this) {
      inFlight--;
      ended.add(scheduler.nanoTime());
      if (queue.isEmpty()) {
        // nothing to start; a call queued after this starts through its own submit
        return;
      }
    }
    drain();
  }

  private void onTimer() {
    synchronized (this) {
      timerSet = false;
    }
    drain();
  }

  /**
   * A queue of times, oldest first, in a ring of primitive longs: a call's end costs no allocation,
   * and a budget whose window holds many ends (a minute of submits with the quota lifted) keeps no
   * objects for the collector to trace.
   */
  static final class Times {
    private long[] ring = new long[16];
    private int head;
    private int size;

    int size() {
      return size;
    }

    long oldest() {
      return ring[head];
    }

    void dropOldest() {
      head = (head + 1) & (ring.length - 1);
      size--;
    }

    void add(long time) {
      if (size == ring.length) {
        long[] bigger = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
          bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
      }
      ring[(head + size) & (ring.length - 1)] = time;
      size++;
    }
  }
}
