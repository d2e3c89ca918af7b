package io.github.yandexart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Options of one {@link ImageGenerator} call: its deadline, the {@code x-client-request-id} it is sent
 * with when the caller chose one, and where a streamed image goes. The transport enforces the timeout as
 * the call's only deadline, from the moment the call is made (fetching credentials included), and
 * reports where it ran out: {@link ApiCallException.Origin#CONNECT} when no connection was made,
 * {@link ApiCallException.Origin#TRANSPORT} once the request may have left.
 *
 * <pre>{@code
 * generator.getOperation(id, CallOptions.timeout(Duration.ofSeconds(5)));
 * generator.getOperation(id, CallOptions.defaults()); // the generator's ClientConfig.waitPolicy().callTimeout()
 * client.submitAsync(request, CallOptions.defaults().withClientRequestId(id)); // recorded before it is sent
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
 * <p><b>Threads.</b> A transport completes the future of a call that answers later on its own few
 * callback threads, never on an I/O thread, so that a continuation chained with a non-async method
 * ({@code thenApply}, {@code whenComplete}) can block without stalling other calls. {@link
 * #withExecutor(Executor)} names the executor to complete it on instead: one of the caller's, or a
 * direct one ({@code Runnable::run}), which completes it on the I/O thread where the answer was read
 * and saves a thread hand-off per call; only for continuations that never block. {@link
 * YandexArtClient}'s blocking methods use a direct one: their only continuation wakes the waiting
 * caller.
 *
 * <p>{@link YandexArtClient} passes each call the smaller of {@link WaitPolicy#callTimeout()} and
 * what is left of the {@link WaitPolicy#totalBudget() total budget}. Immutable.
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(null, null, null, null);
  private static final int MAX_CLIENT_REQUEST_ID_LENGTH = 128;

  private final Duration timeout;
  private final String clientRequestId;
  private final ImageSink imageSink;
  private final Executor executor;

  private CallOptions(Duration timeout, String clientRequestId, ImageSink imageSink, Executor executor) {
    this.timeout = timeout;
    this.clientRequestId = clientRequestId;
    this.imageSink = imageSink;
    this.executor = executor;
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
    return DEFAULTS.withTimeout(timeout);
  }

  /**
   * These options with the deadline {@code timeout}.
   *
   * @throws IllegalArgumentException when {@code timeout} is zero or negative
   */
  public CallOptions withTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("call timeout " + timeout + " must be positive");
    }
    return new CallOptions(timeout, clientRequestId, imageSink, executor);
  }

  /**
   * These options with the {@code x-client-request-id} to send, instead of a fresh one from {@code
   * ClientConfig}'s supplier: a caller that records the id before the call (a journal) can later
   * match its record to the service's logs. A submit the client repeats because the service provably
   * did not accept it is repeated with the same id: it is the same intent.
   *
   * @throws IllegalArgumentException when {@code id} is blank, longer than 128 characters, or not
   *     printable ASCII (it travels as an HTTP header)
   */
  public CallOptions withClientRequestId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || id.length() > MAX_CLIENT_REQUEST_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("client request id \"" + id + "\" is not usable: use 1 to "
          + MAX_CLIENT_REQUEST_ID_LENGTH + " printable ASCII characters without spaces, such as a UUID");
    }
    return new CallOptions(timeout, id, imageSink, executor);
  }

  /**
   * These options, with a reply's image streamed into {@code sink} instead of held in memory (see
   * the class comment).
   */
  public CallOptions withImageSink(ImageSink sink) {
    return new CallOptions(timeout, clientRequestId, Objects.requireNonNull(sink, "sink"), executor);
  }

  /**
   * These options, with the returned future completed on {@code executor} instead of the transport's
   * callback threads (see the class comment); {@code Runnable::run} completes it where the answer was
   * read. Should {@code executor} reject the completion, it runs where the answer was read: an answer
   * is never dropped.
   */
  public CallOptions withExecutor(Executor executor) {
    return new CallOptions(timeout, clientRequestId, imageSink, Objects.requireNonNull(executor, "executor"));
  }

  /** Where the future of a call that answers later completes; empty means the transport's callback threads. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /** Where a reply's image is streamed; empty means it is returned in memory. */
  public Optional<ImageSink> imageSink() {
    return Optional.ofNullable(imageSink);
  }

  /** The call's deadline, counted from when it is made; empty means the generator's configured default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The {@code x-client-request-id} to send; empty means a fresh one per call. */
  public Optional<String> clientRequestId() {
    return Optional.ofNullable(clientRequestId);
  }

  /** {@link #timeout()}, or {@code configured} when it is empty; for transports. */
  public Duration timeoutOr(Duration configured) {
    return timeout != null ? timeout : Objects.requireNonNull(configured, "configured");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallOptions && Objects.equals(((CallOptions) o).timeout, timeout)
        && Objects.equals(((CallOptions) o).clientRequestId, clientRequestId)
        && ((CallOptions) o).imageSink == imageSink && ((CallOptions) o).executor == executor;
  }

  @Override
  public int hashCode() {
    return (Objects.hash(timeout, clientRequestId) * 31 + System.identityHashCode(imageSink)) * 31
        + System.identityHashCode(executor);
  }

  @Override
  public String toString() {
    if (timeout == null && clientRequestId == null && imageSink == null && executor == null) {
      return "CallOptions{defaults}";
    }
    return "CallOptions{" + (timeout == null ? "default timeout" : "timeout=" + timeout)
        + (clientRequestId == null ? "" : ", clientRequestId=" + clientRequestId)
        + (imageSink == null ? "" : ", streamed to a sink")
        + (executor == null ? "" : ", completed on the caller's executor") + "}";
  }
}
