package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one {@link ImageGenerator} call: its deadline. The transport enforces the timeout as
 * the call's only deadline, from the moment the call is made (fetching credentials included), and
 * reports where it ran out: {@link ApiCallException.Origin#CONNECT} when no connection was made,
 * {@link ApiCallException.Origin#TRANSPORT} once the request may have left.
 *
 * <pre>{@code
 * generator.getOperation(id, CallOptions.timeout(Duration.ofSeconds(5)));
 * generator.getOperation(id, CallOptions.defaults()); // the generator's ClientConfig.waitPolicy().callTimeout()
 * }</pre>
 *
 * <p>{@link YandexArtClient} passes each call the smaller of {@link WaitPolicy#callTimeout()} and
 * what is left of the {@link WaitPolicy#totalBudget() total budget}. Immutable.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(null);

  private final Duration timeout;

  private CallOptions(Duration timeout) {
    this.timeout = timeout;
  }

  /** No timeout of its own: the generator's configured one ({@code ClientConfig.waitPolicy().callTimeout()}). */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A call that must end within {@code timeout}.
   *
   * @throws IllegalArgumentException when {@code timeout} is zero or negative
   */
  public static CallOptions timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("call timeout " + timeout + " must be positive");
    }
    return new CallOptions(timeout);
  }

  /** The call's deadline, counted from when it is made; empty means the generator's configured default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** {@link #timeout()}, or {@code configured} when it is empty; for transports. */
  public Duration timeoutOr(Duration configured) {
    return timeout != null ? timeout : Objects.requireNonNull(configured, "configured");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallOptions && Objects.equals(((CallOptions) o).timeout, timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(timeout);
  }

  @Override
  public String toString() {
    return timeout == null ? "CallOptions{defaults}" : "CallOptions{timeout=" + timeout + "}";
  }
}
