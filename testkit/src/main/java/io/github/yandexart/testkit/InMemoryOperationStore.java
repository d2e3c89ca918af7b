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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Thread-safe. Operation ids are deterministic: {@code fbv00000000000000001}, {@code ...2}, ...
 * Errors are {@link ApiCallException}s with origin {@code SERVER}, as a transport would report the
 * service's error replies. Finished operations are kept for {@value #RETENTION_HOURS} hours of the
 * store's clock, like the service's results.
 */
public final class InMemoryOperationStore {
  /** How long finished operations are kept, as the service does. */
  public static final int RETENTION_HOURS = 12;

  private final Clock clock;
  private final ImageRenderer renderer;
  private final String idPrefix;
  private final Faults faults = new Faults();
  private final Map<String, State> operations = new LinkedHashMap<>();
  private final List<RecordedCall> calls = new ArrayList<>();
  private final ArrayDeque<Outcome> queued = new ArrayDeque<>();
  private final List<Map.Entry<Predicate<ImageGenerationRequest>, Outcome>> rules = new ArrayList<>();
  private Outcome defaultOutcome = Outcome.succeedAfterReads(2);
  private long nextId = 1;

  private InMemoryOperationStore(Builder b) {
    this.clock = b.clock;
    this.renderer = b.renderer;
    this.idPrefix = b.idPrefix;
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

  /** The outcome of submits that no queued outcome or rule claims; initially "succeed after 2 reads". */
  public synchronized void setDefaultOutcome(Outcome outcome) {
    this.defaultOutcome = Objects.requireNonNull(outcome, "outcome");
  }

  /** The next submit goes this way (queued outcomes are used in order, before rules and the default). */
  public synchronized void enqueueOutcome(Outcome outcome) {
    queued.add(Objects.requireNonNull(outcome, "outcome"));
  }

  /** Submits whose request matches {@code which} go this way (first matching rule wins). */
  public synchronized void scriptFor(Predicate<ImageGenerationRequest> which, Outcome outcome) {
    rules.add(Map.entry(Objects.requireNonNull(which, "which"), Objects.requireNonNull(outcome, "outcome")));
  }

  /** Creates an operation; its first snapshot is what Generate answers. */
  public Operation submit(ImageGenerationRequest request) {
    Objects.requireNonNull(request, "request");
    State state;
    synchronized (this) {
      ApiCallException refusal = faults.takeSubmitRefusal();
      if (refusal != null) {
        calls.add(new RecordedCall(RecordedCall.Kind.SUBMIT, null, request, clock.instant(), true));
        throw refusal;
      }
      String id = newId();
      state = new State(id, request, outcomeFor(request), clock.instant(), faults.notFoundLag);
      operations.put(id, state);
      calls.add(new RecordedCall(RecordedCall.Kind.SUBMIT, id, request, state.createdAt, false));
    }
    return snapshot(state);
  }

  /** Reads an operation: counts a read, moves it along its outcome, and returns the new snapshot. */
  public Operation get(String operationId) {
    State state;
    synchronized (this) {
      Instant now = clock.instant();
      ApiCallException fault = faults.takeReadFailure();
      state = operations.get(operationId);
      if (fault != null) {
        calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, true));
        throw fault;
      }
      if (state == null || expired(state, now)) {
        calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, true));
        throw notFound(operationId);
      }
      if (state.notFoundLeft > 0) {
        state.notFoundLeft--;
        calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, true));
        throw notFound(operationId);
      }
      state.reads++;
      calls.add(new RecordedCall(RecordedCall.Kind.GET, operationId, null, now, false));
    }
    return snapshot(state);
  }

  /** Cancels a running operation (it ends with code CANCELLED); a finished one is returned as is. */
  public Operation cancel(String operationId) {
    State state;
    synchronized (this) {
      Instant now = clock.instant();
      state = operations.get(operationId);
      if (state == null || expired(state, now)) {
        calls.add(new RecordedCall(RecordedCall.Kind.CANCEL, operationId, null, now, true));
        throw notFound(operationId);
      }
      advance(state, now);
      if (!state.done) {
        state.done = true;
        state.error = OperationStatus.of(StatusCode.CANCELLED, "operation cancelled by the client");
        state.modifiedAt = now;
      }
      calls.add(new RecordedCall(RecordedCall.Kind.CANCEL, operationId, null, now, false));
    }
    return snapshot(state);
  }

  /** Every call answered so far, in order. */
  public synchronized List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  /** The requests of accepted submits, in order. */
  public synchronized List<ImageGenerationRequest> submittedRequests() {
    List<ImageGenerationRequest> requests = new ArrayList<>();
    operations.values().forEach(s -> requests.add(s.request));
    return requests;
  }

  /** How many successful reads operation {@code operationId} has had. */
  public synchronized int reads(String operationId) {
    State s = operations.get(operationId);
    return s == null ? 0 : s.reads;
  }

  /** The ids of all operations, oldest first. */
  public synchronized List<String> operationIds() {
    return List.copyOf(operations.keySet());
  }

  /** Forgets every operation, call, outcome and fault; the id counter goes on. */
  public synchronized void reset() {
    operations.clear();
    calls.clear();
    queued.clear();
    rules.clear();
    defaultOutcome = Outcome.succeedAfterReads(2);
    faults.clear();
  }

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

  private static boolean expired(State s, Instant now) {
    return s.done && s.modifiedAt.plus(Duration.ofHours(RETENTION_HOURS)).isBefore(now);
  }

  private static ApiCallException notFound(String id) {
    return ApiCallException.builder(StatusCode.NOT_FOUND, ApiCallException.Origin.SERVER)
        .status(OperationStatus.of(StatusCode.NOT_FOUND, "Operation " + id + " not found"))
        .build();
  }

  /** Moves {@code s} along its outcome; must hold the lock. */
  private void advance(State s, Instant now) {
    if (s.done) {
      return;
    }
    Outcome o = s.outcome;
    boolean due = o.after != null ? !now.isBefore(s.createdAt.plus(o.after)) : s.reads >= o.reads;
    if (!due) {
      return;
    }
    switch (o.kind) {
      case SUCCEED:
        s.done = true;
        s.modifiedAt = now;
        break;
      case FAIL:
        s.done = true;
        s.error = o.status;
        s.modifiedAt = now;
        break;
      case ERROR_BEFORE_DONE:
        if (s.error == null) {
          s.error = o.status;
          s.modifiedAt = now;
        }
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
          .build();
    }
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
  }

  /**
   * Faults to inject into the store's answers, as the service might give them. Transport-level
   * faults (delays, dropped connections) are the emulator's.
   */
  public final class Faults {
    private int refuseSubmits;
    private StatusCode refuseCode;
    private Duration refuseRetryAfter;
    private int failReads;
    private StatusCode failReadCode;
    private int notFoundLag;

    private Faults() {}

    /**
     * Refuses the next {@code count} submits with {@code code} (such as RESOURCE_EXHAUSTED or
     * UNAVAILABLE), asking the client to wait {@code retryAfter} (may be null).
     */
    public void refuseNextSubmits(int count, StatusCode code, Duration retryAfter) {
      synchronized (InMemoryOperationStore.this) {
        refuseSubmits = count;
        refuseCode = Objects.requireNonNull(code, "code");
        refuseRetryAfter = retryAfter;
      }
    }

    /** Fails the next {@code count} reads with {@code code} (UNAVAILABLE, say). */
    public void failNextReads(int count, StatusCode code) {
      synchronized (InMemoryOperationStore.this) {
        failReads = count;
        failReadCode = Objects.requireNonNull(code, "code");
      }
    }

    /** Operations created from now on answer NOT_FOUND to their first {@code reads} reads (replication lag). */
    public void notFoundLag(int reads) {
      synchronized (InMemoryOperationStore.this) {
        notFoundLag = reads;
      }
    }

    /** Turns every fault off. */
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
      ApiCallException.Builder b = ApiCallException.builder(refuseCode, ApiCallException.Origin.SERVER)
          .status(OperationStatus.of(refuseCode, "injected fault: submit refused"));
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
      return ApiCallException.builder(failReadCode, ApiCallException.Origin.SERVER)
          .status(OperationStatus.of(failReadCode, "injected fault: read failed"))
          .build();
    }
  }

  /** Builds an {@link InMemoryOperationStore}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private ImageRenderer renderer = ImageRenderer.fullSize();
    private String idPrefix = "fbv";

    private Builder() {}

    /** The clock for timestamps and time-based outcomes; {@link VirtualScheduler#clock()} in tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Renders 64×64-ish images instead of 1024×1024 ones, so tests stay fast. */
    public Builder smallImages(boolean small) {
      this.renderer = small ? ImageRenderer.small() : ImageRenderer.fullSize();
      return this;
    }

    /** The first letters of every operation id (ids are 20 characters long). */
    public Builder idPrefix(String idPrefix) {
      if (idPrefix.length() > 10 || !idPrefix.matches("[a-z0-9]*")) {
        throw new IllegalArgumentException("id prefix must be at most 10 lowercase letters or digits");
      }
      this.idPrefix = idPrefix;
      return this;
    }

    public InMemoryOperationStore build() {
      return new InMemoryOperationStore(this);
    }
  }
}
