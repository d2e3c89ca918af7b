package io.github.yandexart.emulator.internal;

import io.github.yandexart.emulator.EmulatorFaults;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What both frontends share: the store, the faults, the request log and the auth check. */
public final class EmulatorContext {
  private final InMemoryOperationStore store;
  private final EmulatorFaults faults;
  private final boolean requireAuthorization;
  private final List<RecordedRequest> requests = new ArrayList<>();

  public EmulatorContext(InMemoryOperationStore store, EmulatorFaults faults, boolean requireAuthorization) {
    this.store = store;
    this.faults = faults;
    this.requireAuthorization = requireAuthorization;
  }

  public InMemoryOperationStore store() {
    return store;
  }

  public EmulatorFaults faults() {
    return faults;
  }

  public synchronized void record(RecordedRequest request) {
    requests.add(request);
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized void clearRequests() {
    requests.clear();
  }

  /**
   * Why a call with this {@code Authorization} value must be refused with UNAUTHENTICATED, or empty
   * when it may go on. Accepts {@code Api-Key <secret>} and {@code Bearer <token>} with any secret.
   */
  public Optional<String> authorizationProblem(String authorization) {
    if (!requireAuthorization) {
      return Optional.empty();
    }
    if (authorization == null || authorization.isBlank()) {
      return Optional.of("The request is missing the Authorization header:"
          + " send \"Api-Key <key>\" or \"Bearer <IAM token>\"");
    }
    String a = authorization.trim();
    if ((a.startsWith("Api-Key ") || a.startsWith("Bearer ")) && a.indexOf(' ') < a.length() - 1) {
      return Optional.empty();
    }
    return Optional.of("Unknown authorization scheme: send \"Api-Key <key>\" or \"Bearer <IAM token>\"");
  }
}
