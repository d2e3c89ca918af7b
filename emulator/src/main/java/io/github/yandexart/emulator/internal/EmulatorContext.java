package io.github.yandexart.emulator.internal;

import io.github.yandexart.emulator.EmulatorFaults;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.emulator.internal.iam.IamService;
import io.github.yandexart.testkit.InMemoryOperationStore;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/** What both frontends share: the store, the faults, the request log, the IAM and the auth check. */
public final class EmulatorContext {
  private final InMemoryOperationStore store;
  private final EmulatorFaults faults;
  private final boolean requireAuthorization;
  private final IamService iam;
  /** The most recent requests, oldest first, within the limits of {@link YandexArtEmulator#requests()}. */
  private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
  private long recordedBodyChars;

  /** A context whose IAM trusts no keys: any well-formed {@code Authorization} goes. */
  public EmulatorContext(InMemoryOperationStore store, EmulatorFaults faults, boolean requireAuthorization) {
    this(store, faults, requireAuthorization, new IamService(List.of(), store.clock()));
  }

  public EmulatorContext(InMemoryOperationStore store, EmulatorFaults faults, boolean requireAuthorization,
      IamService iam) {
    this.store = store;
    this.faults = faults;
    this.requireAuthorization = requireAuthorization;
    this.iam = iam;
  }

  public InMemoryOperationStore store() {
    return store;
  }

  public EmulatorFaults faults() {
    return faults;
  }

  public IamService iam() {
    return iam;
  }

  /**
   * Adds {@code request} to the log, dropping the oldest entries once it holds more than {@link
   * YandexArtEmulator#MAX_RECORDED_REQUESTS} requests or {@link YandexArtEmulator#MAX_RECORDED_BODY_CHARS}
   * characters of bodies: an emulator left running must not grow without end.
   */
  public synchronized void record(RecordedRequest request) {
    requests.addLast(request);
    recordedBodyChars += request.body().length();
    while (requests.size() > YandexArtEmulator.MAX_RECORDED_REQUESTS
        || (recordedBodyChars > YandexArtEmulator.MAX_RECORDED_BODY_CHARS && requests.size() > 1)) {
      recordedBodyChars -= requests.removeFirst().body().length();
    }
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized void clearRequests() {
    requests.clear();
    recordedBodyChars = 0;
  }

  /**
   * Why a call with this {@code Authorization} value must be refused with UNAUTHENTICATED, or empty
   * when it may go on. {@code Api-Key <secret>} goes with any secret. {@code Bearer <token>} goes with
   * any token while the IAM trusts no keys; once it trusts some, only with a token it issued that has
   * not expired. Messages never repeat the secret.
   */
  public Optional<String> authorizationProblem(String authorization) {
    if (!requireAuthorization) {
      return Optional.empty();
    }
    if (authorization == null || authorization.isBlank()) {
      return Optional.of("The request is missing the Authorization header:"
          + " send \"Api-Key <key>\" or \"Bearer <IAM token>\"");
    }
    String a = authorization.strip();
    int space = a.indexOf(' ');
    String scheme = space < 0 ? a : a.substring(0, space);
    String credential = space < 0 ? "" : a.substring(space + 1).strip();
    if (credential.isEmpty() || !scheme.equals("Api-Key") && !scheme.equals("Bearer")) {
      return Optional.of("Unknown authorization scheme: send \"Api-Key <key>\" or \"Bearer <IAM token>\"");
    }
    if (scheme.equals("Bearer") && iam.trustsKeys()) {
      return iam.bearerProblem(credential);
    }
    return Optional.empty();
  }
}
