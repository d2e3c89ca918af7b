package io.github.yandexart.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.StatusCode;
import io.github.yandexart.auth.MutableClock;
import io.github.yandexart.auth.RecordingScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RefreshingTokenTest {
  private static final String SOURCE = "test source at 127.0.0.1";

  private final MutableClock clock = new MutableClock();
  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final ScriptedSource source = new ScriptedSource();
  private final RefreshingToken token = new RefreshingToken(source, clock, scheduler, SOURCE);

  /** Each fetch is a future the test completes. */
  static final class ScriptedSource implements RefreshingToken.Source {
    final List<CompletableFuture<Token>> fetches = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Token> fetch() {
      CompletableFuture<Token> f = new CompletableFuture<>();
      fetches.add(f);
      return f;
    }

    CompletableFuture<Token> last() {
      return fetches.get(fetches.size() - 1);
    }

    int count() {
      return fetches.size();
    }
  }

  private Token issued(String value, Duration lifetime) {
    return new Token(value, clock.instant(), clock.instant().plus(lifetime));
  }

  /** Gets a first token of the given lifetime into the cache. */
  private void start(String value, Duration lifetime) {
    CompletableFuture<String> first = token.authorization();
    source.last().complete(issued(value, lifetime));
    assertThat(first.join()).isEqualTo("Bearer " + value);
  }

  private static ApiCallException failureOf(CompletableFuture<String> f) {
    Throwable t = catchThrowable(f::get);
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(ApiCallException.class);
    return (ApiCallException) t.getCause();
  }

  @Test
  void theFirstCallWaitsForATokenAndLaterCallsUseTheCache() {
    CompletableFuture<String> first = token.authorization();
    assertThat(first).isNotDone();
    assertThat(source.count()).isEqualTo(1);

    source.last().complete(issued("t1.a", Duration.ofHours(12)));

    assertThat(first.join()).isEqualTo("Bearer t1.a");
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(1);
  }

  @Test
  void callersWithoutATokenShareOneFetch() {
    CompletableFuture<String> a = token.authorization();
    CompletableFuture<String> b = token.authorization();
    CompletableFuture<String> c = token.authorization();

    source.last().complete(issued("t1.a", Duration.ofHours(12)));

    assertThat(List.of(a.join(), b.join(), c.join())).containsOnly("Bearer t1.a");
    assertThat(source.count()).isEqualTo(1);
  }

  @Test
  void aLongLivedTokenIsNotRefreshedBeforeItIsOneHourOld() {
    start("t1.a", Duration.ofHours(12));

    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(token.authorization().join()).as("still valid: returned at once").isEqualTo("Bearer t1.a");
    assertThat(source.count()).as("one background refresh").isEqualTo(2);
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).as("no second refresh while one runs").isEqualTo(2);

    source.last().complete(issued("t1.b", Duration.ofHours(12)));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.b");
    assertThat(source.count()).isEqualTo(2);
  }

  @Test
  void aShortLivedTokenIsRefreshedOnlyOnceLessThanATenthOfItsLifeIsLeft() {
    start("t1.a", Duration.ofMinutes(30));

    clock.advance(Duration.ofMinutes(27)); // exactly 90 %: a tenth is left
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(2);
  }

  @Test
  void anExpiredTokenIsNeverReturnedTheCallerWaitsForANewOne() {
    start("t1.a", Duration.ofMinutes(30));

    clock.advance(Duration.ofMinutes(30));
    CompletableFuture<String> next = token.authorization();

    assertThat(next).isNotDone();
    source.last().complete(issued("t1.b", Duration.ofMinutes(30)));
    assertThat(next.join()).isEqualTo("Bearer t1.b");
  }

  @Test
  void aFailedRefreshKeepsTheValidTokenAndTheNextRoundWaitsForTheBackoff() {
    start("t1.a", Duration.ofHours(12));
    clock.advance(Duration.ofHours(1));

    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    source.last().completeExceptionally(new TokenFetchException("HTTP 403", false));
    assertThat(source.count()).isEqualTo(2);

    clock.advance(RefreshingToken.FIRST_ROUND_BACKOFF.minusMillis(1));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).as("no new round inside the backoff").isEqualTo(2);

    clock.advance(Duration.ofMillis(1));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(3);
    source.last().completeExceptionally(new TokenFetchException("HTTP 403", false));

    clock.advance(RefreshingToken.FIRST_ROUND_BACKOFF.multipliedBy(2).minusMillis(1));
    token.authorization().join();
    assertThat(source.count()).as("the backoff doubles").isEqualTo(3);
    clock.advance(Duration.ofMillis(1));
    token.authorization().join();
    assertThat(source.count()).isEqualTo(4);

    source.last().complete(issued("t1.b", Duration.ofHours(12)));
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.b");
  }

  @Test
  void theBackoffBetweenFailedRoundsIsCapped() {
    assertThat(RefreshingToken.roundBackoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(RefreshingToken.roundBackoff(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(RefreshingToken.roundBackoff(7)).isEqualTo(RefreshingToken.MAX_ROUND_BACKOFF);
    assertThat(RefreshingToken.roundBackoff(100)).isEqualTo(RefreshingToken.MAX_ROUND_BACKOFF);
  }

  @Test
  void retryableFailuresAreTriedAgainAfterHalfASecondThenOneSecond() {
    CompletableFuture<String> first = token.authorization();
    source.last().completeExceptionally(new TokenFetchException("could not connect", true));
    source.last().completeExceptionally(new TokenFetchException("could not connect", true));
    source.last().complete(issued("t1.a", Duration.ofHours(12)));

    assertThat(first.join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(3);
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void aRoundGivesUpAfterThreeAttempts() {
    CompletableFuture<String> first = token.authorization();
    for (int i = 0; i < RefreshingToken.MAX_ATTEMPTS; i++) {
      source.last().completeExceptionally(new TokenFetchException("HTTP 503", true));
    }

    assertThat(failureOf(first).getMessage()).contains("HTTP 503");
    assertThat(source.count()).isEqualTo(3);
  }

  @Test
  void aFailureThatIsNotRetryableEndsTheRoundAtOnce() {
    CompletableFuture<String> first = token.authorization();
    source.last().completeExceptionally(new TokenFetchException("HTTP 401", false));

    assertThat(failureOf(first).getMessage()).contains("HTTP 401");
    assertThat(source.count()).isEqualTo(1);
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void anExpiredTokenWithAFailingRefreshEndsInAClearAuthenticationError() {
    start("t1.a", Duration.ofHours(12));
    clock.advance(Duration.ofHours(12));

    CompletableFuture<String> next = token.authorization();
    source.last().completeExceptionally(new TokenFetchException("the endpoint answered HTTP 500", false));

    ApiCallException e = failureOf(next);
    assertThat(e.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(e.origin()).isEqualTo(ApiCallException.Origin.CLIENT);
    assertThat(e.getMessage()).isEqualTo("UNAUTHENTICATED: the IAM token from " + SOURCE
        + " expired at 2026-01-01T12:00:00Z and getting a new one failed: the endpoint answered HTTP 500");
  }

  @Test
  void withoutAnyTokenAFailingFetchSaysItCouldNotGetOne() {
    CompletableFuture<String> first = token.authorization();
    source.last().completeExceptionally(new TokenFetchException("could not connect", false));

    assertThat(failureOf(first).getMessage())
        .isEqualTo("UNAUTHENTICATED: could not get an IAM token from " + SOURCE + ": could not connect");
  }

  @Test
  void aCallerWithoutAValidTokenTriesAgainEvenInsideTheBackoff() {
    CompletableFuture<String> first = token.authorization();
    source.last().completeExceptionally(new TokenFetchException("HTTP 500", false));
    failureOf(first);

    CompletableFuture<String> second = token.authorization();

    assertThat(source.count()).isEqualTo(2);
    source.last().complete(issued("t1.a", Duration.ofHours(12)));
    assertThat(second.join()).isEqualTo("Bearer t1.a");
  }

  @Test
  void invalidateDropsTheTokenOnlyWhenItIsTheRejectedOne() {
    start("t1.a", Duration.ofHours(12));

    token.invalidate("Bearer t1.other");
    assertThat(token.authorization().join()).isEqualTo("Bearer t1.a");
    assertThat(source.count()).isEqualTo(1);

    token.invalidate("Bearer t1.a");
    CompletableFuture<String> next = token.authorization();
    assertThat(next).isNotDone();
    assertThat(source.count()).isEqualTo(2);
    source.last().complete(issued("t1.b", Duration.ofHours(12)));
    assertThat(next.join()).isEqualTo("Bearer t1.b");
  }

  @Test
  void invalidateEndsTheBackoffOfAFailedRefresh() {
    start("t1.a", Duration.ofHours(12));
    clock.advance(Duration.ofHours(1));
    token.authorization();
    source.last().completeExceptionally(new TokenFetchException("HTTP 500", false));

    token.invalidate("Bearer t1.a");
    token.authorization();

    assertThat(source.count()).isEqualTo(3);
  }

  @Test
  void anUnexpectedExceptionFromTheSourceIsReportedByTypeOnly() {
    RefreshingToken broken = new RefreshingToken(() -> {
      throw new IllegalStateException("secret-detail");
    }, clock, scheduler, SOURCE);

    ApiCallException e = failureOf(broken.authorization());

    assertThat(e.getMessage()).contains("unexpected java.lang.IllegalStateException")
        .doesNotContain("secret-detail");
  }
}
