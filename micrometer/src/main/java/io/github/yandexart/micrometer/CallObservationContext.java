package io.github.yandexart.micrometer;

import io.github.yandexart.ClientObserver.CallEnd;
import io.github.yandexart.ClientObserver.CallStart;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/** What a {@code yandexart.call} observation knows: the call, and its end once it ended. */
public final class CallObservationContext extends Observation.Context {
  private final CallStart call;
  private volatile CallEnd end;

  public CallObservationContext(CallStart call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  public CallStart call() {
    return call;
  }

  /** How the call ended; empty while it runs. */
  public Optional<CallEnd> end() {
    return Optional.ofNullable(end);
  }

  void end(CallEnd end) {
    this.end = end;
  }

  /** The operation the call is about: the one read or cancelled, or the one a submit started. */
  public Optional<String> operationId() {
    CallEnd e = end;
    if (call.operationId().isPresent()) {
      return call.operationId();
    }
    return e == null ? Optional.empty() : e.operation().map(op -> op.id());
  }
}
