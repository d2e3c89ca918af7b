package io.github.yandexart.emulator.internal.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the handlers need to know about the call they answer, put in the gRPC {@link Context} by
 * {@link CallInterceptor}.
 *
 * @param headers the request metadata
 * @param requestId the {@code x-request-id} of this call's answer
 * @param remoteAddress the client's address, which names the connection to drop; null in process
 * @param pollInterval the {@code x-operation-poll-interval} to send with the answer, if the handler
 *     sets one before answering
 */
record CallScope(Metadata headers, String requestId, SocketAddress remoteAddress,
    AtomicReference<String> pollInterval) {
  static final Context.Key<CallScope> KEY = Context.key("yandexart-emulator-call");

  static CallScope current() {
    CallScope scope = KEY.get();
    if (scope == null) {
      throw new IllegalStateException("no CallScope: the service runs without its CallInterceptor");
    }
    return scope;
  }
}
