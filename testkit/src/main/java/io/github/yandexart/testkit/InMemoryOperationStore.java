package io.github.yandexart.testkit;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fake service's state: operations created by submits, read and cancelled by id, each going the
 * way its {@link Outcome} says, with faults injected on demand and every call recorded. Behind both
 * {@link FakeImageGenerator} (in memory) and the emulator (over REST and gRPC sockets).
 *
 * <pre>{@code
 * InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true).build();
 * store.setDefaultOutcome(Outcome.succeedAfterReads(2));
 * store.faults().refuseNextSubmits(1, StatusCode.RESOURCE_EXHAUSTED, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Which outcome a submit gets: the oldest {@linkplain #enqueueOutcome queued} outcome if there is
 * one, else the first {@linkplain #scriptFor rule} whose predicate matches the request, else the
 * {@linkplain #setDefaultOutcome default} ("succeed after 2 reads" unless the builder says otherwise).
 *
 * <p>Operation ids are deterministic: a fresh store with the default prefix hands out {@code
 * fbv00000000000000001}, {@code fbv00000000000000002}, ... (20 characters, the counter in base 36).
 * Errors are {@link ApiCallException}s with origin {@code SERVER}, as a transport reports the
 * service's error replies. A finished operation is kept for {@value #RETENTION_HOURS} hours of the
 * store's clock after it finished, like the service's results; after that it is forgotten and reads
 * answer NOT_FOUND.
 *
 * <p>Thread-safe: calls may come from any number of threads. Images are rendered outside the lock.
 */
public final class InMemoryOperationStore {
  /** How long finished operations are kept, as the service does. */
  public static final int RETENTION_HOURS = 12;

  private static final Duration RETENTION = Duration.ofHours(RETENTION_HOURS);
  /** Expired operations are swept out every so many submits, so a long-running emulator stays small. */
  private static final int SWEEP_EVERY = 1024;

  private final Clock clock;
  private final ImageRenderer renderer;
  private final String idPrefix;
  private final Outcome initialDefaultOutcome;
  private final Duration initialPollIntervalHint;
  private final Faults faults = new Faults();
  private final Map<String, State> operations = new LinkedHashMap<>();
  private final List<RecordedCall> calls = new ArrayList<>();
  private final List<ImageGenerationRequest> submitted = new ArrayList<>();
  private final ArrayDeque<Outcome> queued = new ArrayDeque<>();
  private final List<Map.Entry<Predicate<ImageGenerationRequest>, Outcome>> rules = new ArrayList<>();
  private Outcome defaultOutcome;
  private Duration pollIntervalHint;
  private long nextId = 1;
  private int submitsSinceSweep;

  private InMemoryOperationStore(Builder b) {
    this.clock = b.clock;
    this.renderer = b.renderer;
    this.idPrefix = b.idPrefix;
    this.initialDefaultOutcome = b.defaultOutcome;
    this.initialPollIntervalHint = b.pollIntervalHint;
    this.defaultOutcome = b.defaultOutcome;
    this.pollIntervalHint = b.pollIntervalHint;
  }

  /** A store on the system clock that renders full-size images. */
  public InMemoryOperationStore() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The fault injection switches of this store. */
  public Faults faults() {
    return faults;
  }

  /** The outcome of submits that no queued outcome or rule claims. */
  public synchronized void setDefaultOutcome(Outcome outcome) {
    this.defaultOutcome = Objects.requireNonNull(outcome, "outcome");
  }

  /** The next submit goes this way (queued outcomes are used in order, before rules and the default). */
  public synchronized void enqueueOutcome(Outcome outcome) {
    queued.add(Objects.requireNonNull(outcome, "outcome"));
  }

  /** Submits whose request matches {@code which} go this way (the first matching rule wins). */
  public synchronized void scriptFor(Predicate<ImageGenerationRequest> which, Outcome outcome) {
    rules.add(Map.entry(Objects.requireNonNull(which, "which"), Objects.requireNonNull(outcome, "outcome")));
  }

  /**
   * The poll interval the service suggests with every snapshot of a running operation ({@link
   * Operation#pollInterval()}; the emulator sends it as {@code x-operation-poll-interval}), or
   * {@code null} for none (the default).
   */
  public synchronized void setPollIntervalHint(Duration hint) {
    this.pollIntervalHint = checkHint(hint);
  }

  /** Creates an operation; its first snapshot is what Generate answers. */
  public Operation submit(ImageGenerationRequest request) {
    Objects.requireNonNull(request, "request");
    State state;
    synchronized (this) {
      Instant now = clock.instant();
      ApiCallException refusal = faults.takeSubmitRefusal();
      if (refusal != null) {
        calls.add(new RecordedCall(RecordedCall.Kind.SUBMIT, null, request, now, refusal.code()));
        throw refusal;
      }
      if (++submitsSinceSweep >= SWEEP_EVERY) {
        submitsSinceSweep = 0;
        sweepExpired(now);
      }
      String id = newId();
      state = new State(id, request, outcomeFor(request), now, faults.notFoundLag);
      operations.put(id, state);
      submitted.add(request);
      calls.add(new RecordedCall(RecordedCall.Kind.SUBMIT, id, request, now, null));
    }
    return snapshot(state);
  }

  /**
   * Reads an operation: counts a read, moves it along its outcome, and returns the new snapshot.
   * NOT_FOUND for an unknown or expired id, and while the operation's replication lag lasts.
   */
  public Operation get(String operationId) {
    Objects.requireNonNull(operationId, "operationId");
    State state;
    synchronized (this) {
      Instant now = clock.instant();
      ApiCallException fault = faults.takeReadFailure();
      if (fault != null) {
        calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, fault.code()));
        throw fault;
      }
      state = live(operationId, now);
      if (state == null || state.notFoundLeft > 0) {
        if (state != null) {
          state.notFoundLeft--;
        }
        calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, StatusCode.NOT_FOUND));
        throw notFound(operationId);
      }
      state.reads++;
      calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, null));
    }
    return snapshot(state);
  }

  /**
   * Cancels a running operation: it ends done with code CANCELLED. An operation that has already
   * finished (done, or failed before done) is returned as it is. Does not count as a read.
   */
  public Operation cancel(String operationId) {
    Objects.requireNonNull(operationId, "operationId");
    State state;
    synchronized (this) {
      Instant now = clock.instant();
      state = live(operationId, now);
      if (state == null) {
        calls.add(new RecordedCall(RecordedCall.Kind.CANCEL, operationId, null, now, StatusCode.NOT_FOUND));
        throw notFound(operationId);
      }
      if (!state.finished()) {
        state.done = true;
        state.error = OperationStatus.of(StatusCode.CANCELLED, "operation cancelled by the client");
        state.modifiedAt = now;
      }
      calls.add(new RecordedCall(RecordedCall.Kind.CANCEL, operationId, null, now, null));
    }
    return snapshot(state);
  }

  /** Every call answered so far (refused and failed ones too), oldest first. */
  public synchronized List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /** The requests of accepted submits, oldest first (refused submits are only in {@link #calls()}). */
  public synchronized List<ImageGenerationRequest> submittedRequests() {
    return List.copyOf(submitted);
  }

  /** The request that created operation {@code operationId}, while the store still holds it. */
  public synchronized Optional<ImageGenerationRequest> request(String operationId) {
    State s = operations.get(operationId);
    return s == null ? Optional.empty() : Optional.of(s.request);
  }

  /** How many successful reads operation {@code operationId} has had (0 for an unknown id). */
  public synchronized int reads(String operationId) {
    State s = operations.get(operationId);
    return s == null ? 0 : s.reads;
  }

  /** The ids of the operations the store holds, oldest first. */
  public synchronized List<String> operationIds() {
    return List.copyOf(operations.keySet());
  }

  /**
   * Forgets every operation, call, queued outcome, rule and fault, and restores the default outcome
   * and poll hint the builder set. The id counter goes on, so an id from before the reset never
   * names a new operation.
   */
  public synchronized void reset() {
    operations.clear();
    calls.clear();
    submitted.clear();
    queued.clear();
    rules.clear();
    defaultOutcome = initialDefaultOutcome;
    pollIntervalHint = initialPollIntervalHint;
    faults.clear();
  }

  /** The clock for timestamps, time-based outcomes and retention. */
  public Clock clock() {
    return clock;
  }

  private Outcome outcomeFor(ImageGenerationRequest request) {
    if (!queued.isEmpty()) {
      return queued.poll();
    }
    for (Map.Entry<Predicate<ImageGenerationRequest>, Outcome> rule : rules) {
      if (rule.getKey().test(request)) {
        return rule.getValue();
      }
    }
    return defaultOutcome;
  }

  private String newId() {
    String n = Long.toString(nextId++, 36);
    StringBuilder id = new StringBuilder(idPrefix);
    while (id.length() + n.length() < 20) {
      id.append('0');
    }
    return id.append(n).toString();
  }

  /** The operation, moved along to {@code now}; null if unknown or expired (and then forgotten). */
  private State live(String id, Instant now) {
    State s = operations.get(id);
    if (s == null) {
      return null;
    }
    advance(s, now);
    if (expired(s, now)) {
      operations.remove(id);
      return null;
    }
    return s;
  }

  private void sweepExpired(Instant now) {
    for (Iterator<State> it = operations.values().iterator(); it.hasNext(); ) {
      State s = it.next();
      advance(s, now);
      if (expired(s, now)) {
        it.remove();
      }
    }
  }

  private static boolean expired(State s, Instant now) {
    return s.finished() && !now.isBefore(s.modifiedAt.plus(RETENTION));
  }

  private static ApiCallException notFound(String id) {
    return ApiCallException.builder(StatusCode.NOT_FOUND, ApiCallException.Origin.SERVER)
        .status(OperationStatus.of(StatusCode.NOT_FOUND, "Operation " + id + " not found"))
        .build();
  }

  /** Moves {@code s} along its outcome; must hold the lock. */
  private static void advance(State s, Instant now) {
    if (s.finished()) {
      return;
    }
    Outcome o = s.outcome;
    Instant dueAt = now;
    if (o.after != null) {
      dueAt = s.createdAt.plus(o.after);
      if (now.isBefore(dueAt)) {
        return;
      }
    } else if (s.reads < o.reads) {
      return;
    }
    switch (o.kind) {
      case SUCCEED:
        s.done = true;
        s.modifiedAt = dueAt;
        break;
      case FAIL:
        s.done = true;
        s.error = o.status;
        s.modifiedAt = dueAt;
        break;
      case ERROR_BEFORE_DONE:
        s.error = o.status;
        s.modifiedAt = dueAt;
        break;
      default:
        break;
    }
  }

  private Operation snapshot(State s) {
    boolean needImage;
    synchronized (this) {
      advance(s, clock.instant());
      needImage = s.done && s.error == null && s.image == null;
    }
    if (needImage) {
      // Rendering a full-size image takes tens of milliseconds: not under the lock.
      GeneratedImage image = s.outcome.image().orElseGet(() -> renderer.render(s.request));
      synchronized (this) {
        if (s.image == null) {
          s.image = image;
        }
      }
    }
    synchronized (this) {
      return Operation.builder(s.id)
          .description("Image generation")
          .createdAt(s.createdAt)
          .createdBy(s.createdBy)
          .modifiedAt(s.modifiedAt)
          .done(s.done)
          .error(s.error)
          .image(s.error == null && s.done ? s.image : null)
          .pollInterval(s.finished() ? null : pollIntervalHint)
          .build();
    }
  }

  private static Duration checkHint(Duration hint) {
    if (hint != null && (hint.isNegative() || hint.isZero())) {
      throw new IllegalArgumentException("poll interval hint " + hint + " must be positive, or null for none");
    }
    return hint;
  }

  private static int checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count " + count + " is negative: pass 0 to turn the fault off");
    }
    return count;
  }

  private static Duration checkRetryAfter(Duration retryAfter) {
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter " + retryAfter + " is negative: pass null for none");
    }
    return retryAfter;
  }

  private static final class State {
    final String id;
    final ImageGenerationRequest request;
    final Outcome outcome;
    final Instant createdAt;
    final String createdBy = "fake-service-account";
    Instant modifiedAt;
    int notFoundLeft;
    int reads;
    boolean done;
    OperationStatus error;
    GeneratedImage image;

    State(String id, ImageGenerationRequest request, Outcome outcome, Instant createdAt, int notFoundLag) {
      this.id = id;
      this.request = request;
      this.outcome = outcome;
      this.createdAt = createdAt;
      this.modifiedAt = createdAt;
      this.notFoundLeft = notFoundLag;
    }

    /** Done, or failed while not done: either way it will not change any more. */
    boolean finished() {
      return done || error != null;
    }
  }

  /**
   * Faults to inject into the store's answers, as the service might give them. Each counts down as
   * calls use it. Transport-level faults (delays, dropped connections) are the emulator's.
   */
  public final class Faults {
    private int refuseSubmits;
    private OperationStatus refusal;
    private Duration refuseRetryAfter;
    private int failReads;
    private StatusCode failReadCode;
    private Duration failReadRetryAfter;
    private int notFoundLag;

    private Faults() {}

    /**
     * Refuses the next {@code count} submits with {@code code} (RESOURCE_EXHAUSTED or UNAVAILABLE
     * for a quota or overload refusal), asking the client to wait {@code retryAfter} (null: no
     * {@code Retry-After}). A refused submit creates no operation.
     */
    public void refuseNextSubmits(int count, StatusCode code, Duration retryAfter) {
      Objects.requireNonNull(code, "code");
      refuseNextSubmits(count, OperationStatus.of(code, "injected fault: submit refused with " + code), retryAfter);
    }

    /**
     * Refuses the next {@code count} submits with {@code status}: its code, message and details, such
     * as an INVALID_ARGUMENT content-policy refusal with the service's wording.
     */
    public void refuseNextSubmits(int count, OperationStatus status, Duration retryAfter) {
      Objects.requireNonNull(status, "status");
      if (status.code() == StatusCode.OK) {
        throw new IllegalArgumentException("a refusal needs an error code, not OK");
      }
      synchronized (InMemoryOperationStore.this) {
        refuseSubmits = checkCount(count);
        refusal = status;
        refuseRetryAfter = checkRetryAfter(retryAfter);
      }
    }

    /** Fails the next {@code count} reads with UNAVAILABLE, as an overloaded service does. */
    public void failNextReads(int count) {
      failNextReads(count, StatusCode.UNAVAILABLE, null);
    }

    /** Fails the next {@code count} reads, of any operation, with {@code code}. */
    public void failNextReads(int count, StatusCode code) {
      failNextReads(count, code, null);
    }

    /** Fails the next {@code count} reads with {@code code}, asking to wait {@code retryAfter} (may be null). */
    public void failNextReads(int count, StatusCode code, Duration retryAfter) {
      Objects.requireNonNull(code, "code");
      if (code == StatusCode.OK) {
        throw new IllegalArgumentException("a failed read needs an error code, not OK");
      }
      synchronized (InMemoryOperationStore.this) {
        failReads = checkCount(count);
        failReadCode = code;
        failReadRetryAfter = checkRetryAfter(retryAfter);
      }
    }

    /**
     * Operations created from now on answer NOT_FOUND to their first {@code reads} reads (the
     * replication lag right after Generate); each operation counts its own.
     */
    public void notFoundLag(int reads) {
      synchronized (InMemoryOperationStore.this) {
        notFoundLag = checkCount(reads);
      }
    }

    /** How many submits will still be refused. */
    public int submitRefusalsLeft() {
      synchronized (InMemoryOperationStore.this) {
        return refuseSubmits;
      }
    }

    /** How many reads will still fail. */
    public int readFailuresLeft() {
      synchronized (InMemoryOperationStore.this) {
        return failReads;
      }
    }

    /** Turns every fault off (operations already lagging keep their lag). */
    public void clear() {
      synchronized (InMemoryOperationStore.this) {
        refuseSubmits = 0;
        failReads = 0;
        notFoundLag = 0;
      }
    }

    private ApiCallException takeSubmitRefusal() {
      if (refuseSubmits <= 0) {
        return null;
      }
      refuseSubmits--;
      ApiCallException.Builder b = ApiCallException.builder(refusal.code(), ApiCallException.Origin.SERVER)
          .status(refusal);
      if (refuseRetryAfter != null) {
        b.retryAfter(refuseRetryAfter);
      }
      return b.build();
    }

    private ApiCallException takeReadFailure() {
      if (failReads <= 0) {
        return null;
      }
      failReads--;
      ApiCallException.Builder b = ApiCallException.builder(failReadCode, ApiCallException.Origin.SERVER)
          .status(OperationStatus.of(failReadCode, "injected fault: read failed with " + failReadCode));
      if (failReadRetryAfter != null) {
        b.retryAfter(failReadRetryAfter);
      }
      return b.build();
    }
  }

  /** Builds an {@link InMemoryOperationStore}; not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private ImageRenderer renderer = ImageRenderer.fullSize();
    private String idPrefix = "fbv";
    private Outcome defaultOutcome = Outcome.succeedAfterReads(2);
    private Duration pollIntervalHint;

    private Builder() {}

    /** The clock for timestamps and time-based outcomes; {@link VirtualScheduler#clock()} in tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Renders images of about {@code side}×{@code side} pixels ({@link ImageRenderer#ofSide}) instead of 1024×1024. */
    public Builder imageSide(int side) {
      this.renderer = ImageRenderer.ofSide(side);
      return this;
    }

    /** Renders 64×64-ish images instead of 1024×1024 ones, so tests stay fast. */
    public Builder smallImages(boolean small) {
      this.renderer = small ? ImageRenderer.small() : ImageRenderer.fullSize();
      return this;
    }

    /** The first letters of every operation id (ids are 20 characters long); default {@code fbv}. */
    public Builder idPrefix(String idPrefix) {
      Objects.requireNonNull(idPrefix, "idPrefix");
      if (idPrefix.length() > 10 || !idPrefix.matches("[a-z0-9]*")) {
        throw new IllegalArgumentException(
            "id prefix \"" + idPrefix + "\" must be at most 10 lowercase letters or digits");
      }
      this.idPrefix = idPrefix;
      return this;
    }

    /** The outcome of submits nothing else claims, also after {@link #reset()}; default: succeed after 2 reads. */
    public Builder defaultOutcome(Outcome outcome) {
      this.defaultOutcome = Objects.requireNonNull(outcome, "outcome");
      return this;
    }

    /** See {@link InMemoryOperationStore#setPollIntervalHint(Duration)}; default none. */
    public Builder pollIntervalHint(Duration hint) {
      this.pollIntervalHint = checkHint(hint);
      return this;
    }

    public InMemoryOperationStore build() {
      return new InMemoryOperationStore(this);
    }
  }
}
