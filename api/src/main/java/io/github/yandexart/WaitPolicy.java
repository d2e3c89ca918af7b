package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link YandexArtClient} waits: the poll schedule, how long to wait in all, per-call deadlines,
 * retries and the client-wide poll budget.
 *
 * <p>Defaults: first read 1 s after submit, each delay ×1.5 up to 10 s, ±20% jitter, give up waiting
 * after 1 h, 30 s per call, up to 3 NOT_FOUND reads tolerated in the first 10 s (replication lag), up
 * to 10 failed reads in a row retried, up to 3 submit attempts where the service provably did not
 * accept the request, at most 50 operation reads per second and 500 submits per minute across the
 * client (the service's quotas). A poll hint from the server ({@code x-operation-poll-interval})
 * replaces the computed delay.
 *
 * <pre>{@code
 * WaitPolicy.defaults().toBuilder().totalBudget(Duration.ofMinutes(5)).build();
 * }</pre>
 */
public final class WaitPolicy {
  private static final WaitPolicy DEFAULTS = builder().build();

  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration totalBudget;
  private final Duration callTimeout;
  private final int notFoundTolerance;
  private final Duration notFoundWindow;
  private final int maxConsecutiveReadFailures;
  private final int maxSubmitAttempts;
  private final int maxReadsPerSecond;
  private final int maxSubmitsPerMinute;

  private WaitPolicy(Builder b) {
    this.initialDelay = nonNegative(b.initialDelay, "initialDelay");
    if (!(b.multiplier >= 1.0) || Double.isInfinite(b.multiplier)) {
      throw new IllegalArgumentException("multiplier " + b.multiplier + " must be a finite number >= 1");
    }
    this.multiplier = b.multiplier;
    this.maxDelay = nonNegative(b.maxDelay, "maxDelay");
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay " + maxDelay + " is below initialDelay " + initialDelay + ": raise maxDelay");
    }
    if (!(b.jitter >= 0 && b.jitter < 1)) {
      throw new IllegalArgumentException("jitter " + b.jitter + " must be in [0, 1), such as 0.2 for ±20%");
    }
    this.jitter = b.jitter;
    this.totalBudget = positive(b.totalBudget, "totalBudget");
    this.callTimeout = positive(b.callTimeout, "callTimeout");
    this.notFoundTolerance = atLeast(b.notFoundTolerance, 0, "notFoundTolerance");
    this.notFoundWindow = nonNegative(b.notFoundWindow, "notFoundWindow");
    this.maxConsecutiveReadFailures = atLeast(b.maxConsecutiveReadFailures, 0, "maxConsecutiveReadFailures");
    this.maxSubmitAttempts = atLeast(b.maxSubmitAttempts, 1, "maxSubmitAttempts");
    this.maxReadsPerSecond = atLeast(b.maxReadsPerSecond, 1, "maxReadsPerSecond");
    this.maxSubmitsPerMinute = atLeast(b.maxSubmitsPerMinute, 1, "maxSubmitsPerMinute");
  }

  public static WaitPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.initialDelay = initialDelay;
    b.multiplier = multiplier;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.totalBudget = totalBudget;
    b.callTimeout = callTimeout;
    b.notFoundTolerance = notFoundTolerance;
    b.notFoundWindow = notFoundWindow;
    b.maxConsecutiveReadFailures = maxConsecutiveReadFailures;
    b.maxSubmitAttempts = maxSubmitAttempts;
    b.maxReadsPerSecond = maxReadsPerSecond;
    b.maxSubmitsPerMinute = maxSubmitsPerMinute;
    return b;
  }

  /** Delay before the first read after submit, and the base of the backoff. */
  public Duration initialDelay() {
    return initialDelay;
  }

  public double multiplier() {
    return multiplier;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /** Each delay is scaled by a random factor in {@code [1 - jitter, 1 + jitter]}. */
  public double jitter() {
    return jitter;
  }

  /**
   * The total budget: how long {@code generate} (its submit retries included) or {@code await} may
   * take in all before {@link WaitTimeoutException}. Each call gets at most what is left of it, and a
   * server-requested delay it cannot cover ends the work at once. (The CLI's {@code --timeout}.)
   */
  public Duration totalBudget() {
    return totalBudget;
  }

  /**
   * The deadline of each single call (submit, read, cancel). The client passes each call {@code
   * CallOptions.timeout(min(callTimeout, what is left of the total budget))}; a generator uses its
   * config's value for calls made with {@link CallOptions#defaults()}.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** How many NOT_FOUND reads within {@link #notFoundWindow()} of the start count as replication lag. */
  public int notFoundTolerance() {
    return notFoundTolerance;
  }

  public Duration notFoundWindow() {
    return notFoundWindow;
  }

  /** How many retryable read failures in a row are retried before the wait fails. */
  public int maxConsecutiveReadFailures() {
    return maxConsecutiveReadFailures;
  }

  /** Submit attempts in all; a submit is repeated only where the service provably refused it. */
  public int maxSubmitAttempts() {
    return maxSubmitAttempts;
  }

  /**
   * The client-wide poll budget: operation reads per second across all waits of one client, held in
   * every sliding second of the server's arrival times (a read counts from when it is handed to the
   * transport until one second after its answer). When more operations wait than this, reads go to
   * those most likely done: the oldest first, and, once the client has seen operations finish, none
   * before the typical time from submit to done; until then only the few oldest are polled.
   */
  public int maxReadsPerSecond() {
    return maxReadsPerSecond;
  }

  /**
   * The client-wide submit budget: submits started per minute across the client (the service's
   * quota is 500). Submits past it wait their turn in a queue instead of being refused with 429.
   */
  public int maxSubmitsPerMinute() {
    return maxSubmitsPerMinute;
  }

  /** The un-jittered delay before read number {@code attempt} (0-based): initial × multiplier^attempt, capped. */
  public Duration backoff(int attempt) {
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt));
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WaitPolicy)) {
      return false;
    }
    WaitPolicy p = (WaitPolicy) o;
    return initialDelay.equals(p.initialDelay) && multiplier == p.multiplier
        && maxDelay.equals(p.maxDelay) && jitter == p.jitter && totalBudget.equals(p.totalBudget)
        && callTimeout.equals(p.callTimeout) && notFoundTolerance == p.notFoundTolerance
        && notFoundWindow.equals(p.notFoundWindow)
        && maxConsecutiveReadFailures == p.maxConsecutiveReadFailures
        && maxSubmitAttempts == p.maxSubmitAttempts && maxReadsPerSecond == p.maxReadsPerSecond
        && maxSubmitsPerMinute == p.maxSubmitsPerMinute;
  }

  @Override
  public int hashCode() {
    return Objects.hash(initialDelay, multiplier, maxDelay, jitter, totalBudget, callTimeout);
  }

  @Override
  public String toString() {
    return "WaitPolicy{initialDelay=" + initialDelay + ", multiplier=" + multiplier
        + ", maxDelay=" + maxDelay + ", jitter=" + jitter + ", totalBudget=" + totalBudget
        + ", callTimeout=" + callTimeout + ", notFoundTolerance=" + notFoundTolerance
        + " in " + notFoundWindow + ", maxConsecutiveReadFailures=" + maxConsecutiveReadFailures
        + ", maxSubmitAttempts=" + maxSubmitAttempts + ", maxReadsPerSecond=" + maxReadsPerSecond
        + ", maxSubmitsPerMinute=" + maxSubmitsPerMinute + "}";
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " " + d + " is negative");
    }
    return d;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " " + d + " must be positive");
    }
    return d;
  }

  private static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " " + value + " must be at least " + min);
    }
    return value;
  }

  /** Builds a {@link WaitPolicy}; starts from the defaults. Not thread-safe. */
  public static final class Builder {
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 1.5;
    private Duration maxDelay = Duration.ofSeconds(10);
    private double jitter = 0.2;
    private Duration totalBudget = Duration.ofHours(1);
    private Duration callTimeout = Duration.ofSeconds(30);
    private int notFoundTolerance = 3;
    private Duration notFoundWindow = Duration.ofSeconds(10);
    private int maxConsecutiveReadFailures = 10;
    private int maxSubmitAttempts = 3;
    private int maxReadsPerSecond = 50;
    private int maxSubmitsPerMinute = 500;

    private Builder() {}

    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    public Builder totalBudget(Duration totalBudget) {
      this.totalBudget = totalBudget;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Tolerate {@code reads} NOT_FOUND answers within {@code window} of the start of a wait. */
    public Builder notFoundTolerance(int reads, Duration window) {
      this.notFoundTolerance = reads;
      this.notFoundWindow = window;
      return this;
    }

    public Builder maxConsecutiveReadFailures(int maxConsecutiveReadFailures) {
      this.maxConsecutiveReadFailures = maxConsecutiveReadFailures;
      return this;
    }

    public Builder maxSubmitAttempts(int maxSubmitAttempts) {
      this.maxSubmitAttempts = maxSubmitAttempts;
      return this;
    }

    public Builder maxReadsPerSecond(int maxReadsPerSecond) {
      this.maxReadsPerSecond = maxReadsPerSecond;
      return this;
    }

    public Builder maxSubmitsPerMinute(int maxSubmitsPerMinute) {
      this.maxSubmitsPerMinute = maxSubmitsPerMinute;
      return this;
    }

    public WaitPolicy build() {
      return new WaitPolicy(this);
    }
  }
}
