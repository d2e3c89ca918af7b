package io.github.yandexart.auth.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.spi.Scheduler;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A cached IAM token that refreshes itself lazily, when it is used, never on a timer.
 *
 * <ul>
 *   <li>A token is <em>due</em> for refresh once it is {@link #MAX_AGE} old or has less than a tenth
 *       of its life left. A due but still valid token is returned at once while one refresh runs in
 *       the background.
 *   <li>Without a valid token, callers wait for a refresh. Concurrent callers share the one refresh in
 *       flight: there is never more than one.
 *   <li>A refresh is a <em>round</em> of up to {@link #MAX_ATTEMPTS} attempts; only retryable failures
 *       (no connection, timeout, HTTP 429 / 5xx) are tried again, after 0.5 s, then 1 s, on the
 *       {@link Scheduler}.
 *   <li>After a failed round, a still-valid token stays in use and the next background round waits
 *       {@code 5 s · 2^(failures-1)} (at most 5 min), measured on the {@link Clock}. A caller without
 *       a valid token always starts a round: refusing to try would only turn a recovered endpoint into
 *       an error.
 *   <li>A failed round that leaves no valid token fails its callers with {@link ApiCallException}
 *       {@code UNAUTHENTICATED}, origin {@code CLIENT}, naming the credential source and the reason.
 * </ul>
 *
 * <p>Thread-safe. Messages and logs name the source, times and reasons, never the token.
 */
public final class RefreshingToken {
  private static final System.Logger LOG = System.getLogger("io.github.yandexart.auth");

  /** A token is refreshed once it is this old, however long it would still live. */
  public static final Duration MAX_AGE = Duration.ofHours(1);
  /** Attempts in one refresh round. */
  public static final int MAX_ATTEMPTS = 3;
  /** The delay before the second attempt of a round; it doubles for each further attempt. */
  public static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(500);
  /** How long a still-valid token waits for the next round after one failed round. */
  public static final Duration FIRST_ROUND_BACKOFF = Duration.ofSeconds(5);
  /** The longest wait between failed rounds. */
  public static final Duration MAX_ROUND_BACKOFF = Duration.ofMinutes(5);

  /** Fetches a new token; fails with a {@link TokenFetchException} whose message is free of secrets. */
  @FunctionalInterface
  public interface Source {
    CompletableFuture<Token> fetch();
  }

  private final Source source;
  private final Clock clock;
  private final Scheduler scheduler;
  private final String description;

  // Guarded by this.
  private Token token;
  private CompletableFuture<Token> round;
  private int failedRounds;
  private Instant nextRoundAt = Instant.MIN;

  /**
   * @param description where tokens come from, for messages and logs: {@code "metadata service at
   *     169.254.169.254"}
   */
  public RefreshingToken(Source source, Clock clock, Scheduler scheduler, String description) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** {@code Bearer <token>}, at once when a valid token is cached, else after a refresh. */
  public CompletableFuture<String> authorization() {
    Token current;
    CompletableFuture<Token> started = null;
    CompletableFuture<Token> wait;
    synchronized (this) {
      Instant now = clock.instant();
      current = token != null && now.isBefore(token.expiresAt()) ? token : null;
      if (current != null) {
        if (round == null && isDue(current, now) && !now.isBefore(nextRoundAt)) {
          started = round = new CompletableFuture<>();
        }
        wait = null;
      } else {
        if (round == null) {
          started = round = new CompletableFuture<>();
        }
        wait = round;
      }
    }
    if (started != null) {
      if (current != null) {
        LOG.log(Level.DEBUG, () -> "refreshing the IAM token from " + description + " in the background");
      }
      attempt(started, 1);
    }
    if (current != null) {
      return CompletableFuture.completedFuture(current.authorization());
    }
    CompletableFuture<String> result = new CompletableFuture<>();
    wait.whenComplete((t, e) -> {
      if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(t.authorization());
      }
    });
    return result;
  }

  /**
   * The service refused {@code rejectedAuthorization}: if it is the cached token, drop it so the next
   * {@link #authorization()} fetches a new one at once.
   */
  public void invalidate(String rejectedAuthorization) {
    if (rejectedAuthorization == null) {
      return;
    }
    boolean dropped;
    synchronized (this) {
      dropped = token != null && MessageDigest.isEqual(
          token.authorization().getBytes(StandardCharsets.UTF_8),
          rejectedAuthorization.getBytes(StandardCharsets.UTF_8));
      if (dropped) {
        token = null;
        nextRoundAt = Instant.MIN;
      }
    }
    if (dropped) {
      LOG.log(Level.DEBUG, () -> "the service refused the IAM token from " + description
          + "; dropped it, the next call gets a new one");
    }
  }

  /** Whether {@code t} should be replaced: old enough, or with less than a tenth of its life left. */
  static boolean isDue(Token t, Instant now) {
    if (!now.isBefore(t.obtainedAt().plus(MAX_AGE))) {
      return true;
    }
    Duration left = Duration.between(now, t.expiresAt());
    return left.compareTo(t.lifetime().dividedBy(10)) < 0;
  }

  static Duration roundBackoff(int failedRounds) {
    Duration d = FIRST_ROUND_BACKOFF.multipliedBy(1L << Math.min(failedRounds - 1, 16));
    return d.compareTo(MAX_ROUND_BACKOFF) > 0 ? MAX_ROUND_BACKOFF : d;
  }

  private void attempt(CompletableFuture<Token> thisRound, int attempt) {
    CompletableFuture<Token> fetched;
    try {
      fetched = Objects.requireNonNull(source.fetch(), "fetch() returned null");
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    fetched.whenComplete((t, e) -> {
      if (e == null) {
        succeed(thisRound, t);
        return;
      }
      TokenFetchException failure = asFetchFailure(e);
      if (!failure.retryable() || attempt >= MAX_ATTEMPTS) {
        fail(thisRound, failure);
        return;
      }
      Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << (attempt - 1));
      LOG.log(Level.DEBUG, () -> "getting an IAM token from " + description + " failed (attempt "
          + attempt + " of " + MAX_ATTEMPTS + "): " + failure.getMessage() + "; trying again in " + delay);
      try {
        scheduler.schedule(() -> attempt(thisRound, attempt + 1), delay);
      } catch (RuntimeException scheduling) {
        fail(thisRound, failure);
      }
    });
  }

  private void succeed(CompletableFuture<Token> thisRound, Token t) {
    synchronized (this) {
      if (round == thisRound) {
        round = null;
      }
      token = t;
      failedRounds = 0;
      nextRoundAt = Instant.MIN;
    }
    LOG.log(Level.DEBUG, () -> "got an IAM token from " + description + "; it expires at " + t.expiresAt());
    thisRound.complete(t);
  }

  private void fail(CompletableFuture<Token> thisRound, TokenFetchException failure) {
    Token last;
    boolean stillValid;
    Instant retryAfter;
    synchronized (this) {
      if (round == thisRound) {
        round = null;
      }
      Instant now = clock.instant();
      failedRounds++;
      nextRoundAt = now.plus(roundBackoff(failedRounds));
      retryAfter = nextRoundAt;
      last = token;
      stillValid = last != null && now.isBefore(last.expiresAt());
    }
    String message;
    if (stillValid) {
      LOG.log(Level.WARNING, () -> "refreshing the IAM token from " + description + " failed: "
          + failure.getMessage() + "; still using the current token, which expires at "
          + last.expiresAt() + "; the next attempt is due after " + retryAfter);
      message = "refreshing the IAM token from " + description + " failed: " + failure.getMessage();
    } else if (last != null) {
      message = "the IAM token from " + description + " expired at " + last.expiresAt()
          + " and getting a new one failed: " + failure.getMessage();
    } else {
      message = "could not get an IAM token from " + description + ": " + failure.getMessage();
    }
    thisRound.completeExceptionally(
        ApiCallException.builder(StatusCode.UNAUTHENTICATED, ApiCallException.Origin.CLIENT)
            .message(message)
            .build());
  }

  private static TokenFetchException asFetchFailure(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TokenFetchException) {
      return (TokenFetchException) cause;
    }
    // Not one of ours: its message may say anything, so only its type is repeated.
    return new TokenFetchException("unexpected " + cause.getClass().getName(), false);
  }
}
