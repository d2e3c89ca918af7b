package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one {@link ImageGenerator} call: its deadline, and where a streamed image goes. The transport enforces the timeout as
 * the call's only deadline, from the moment the call is made (fetching credentials included), and
 * reports where it ran out: {@link ApiCallException.Origin#CONNECT} when no connection was made,
 * {@link ApiCallException.Origin#TRANSPORT} once the request may have left.
 *
 * <pre>{@code
 * generator.getOperation(id, CallOptions.timeout(Duration.ofSeconds(5)));
 * generator.getOperation(id, CallOptions.defaults()); // the generator's ClientConfig.waitPolicy().callTimeout()
 * }</pre>
 *
 * <p><b>Streaming.</b> With {@link #withImageSink(ImageSink)}, a call whose reply carries an image
 * writes the decoded bytes into the sink (opened at most once per call) instead of holding them: the
 * returned operation's image is then {@linkplain GeneratedImage#isStreamed() streamed}, knowing its
 * size, MIME type, model version and operation id but holding no bytes. A transport that cannot
 * stream may ignore the sink and return the bytes; {@link YandexArtClient} then writes them into the
 * sink itself ({@link io.github.yandexart.spi.ImageSinkWriter#deliver}), so every generator supports
 * it. When the sink fails (its {@code open}, a write or the close throws), the call fails with an
 * {@link java.io.UncheckedIOException} carrying the {@code IOException}; the client does not repeat
 * such a call.
 *
 * <p>{@link YandexArtClient} passes each call the smaller of {@link WaitPolicy#callTimeout()} and
 * what is left of the {@link WaitPolicy#totalBudget() total budget}. Immutable.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(null, null);

  private final Duration timeout;
  private final ImageSink imageSink;

  private CallOptions(Duration timeout, ImageSink imageSink) {
    this.timeout = timeout;
    this.imageSink = imageSink;
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
    return new CallOptions(timeout, null);
  }

  /**
   * These options, with a reply's image streamed into {@code sink} instead of held in memory (see
   * the class comment).
   */
  public CallOptions withImageSink(ImageSink sink) {
    return new CallOptions(timeout, Objects.requireNonNull(sink, "sink"));
  }

  /** Where a reply's image is streamed; empty means it is returned in memory. */
  public Optional<ImageSink> imageSink() {
    return Optional.ofNullable(imageSink);
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
    return o instanceof CallOptions && Objects.equals(((CallOptions) o).timeout, timeout)
        && ((CallOptions) o).imageSink == imageSink;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(timeout) * 31 + System.identityHashCode(imageSink);
  }

  @Override
  public String toString() {
    if (timeout == null && imageSink == null) {
      return "CallOptions{defaults}";
    }
    return "CallOptions{" + (timeout == null ? "default timeout" : "timeout=" + timeout)
        + (imageSink == null ? "" : ", streamed to a sink") + "}";
  }
}
