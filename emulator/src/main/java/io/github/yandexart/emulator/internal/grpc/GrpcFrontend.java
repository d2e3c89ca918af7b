package io.github.yandexart.emulator.internal.grpc;

import io.github.yandexart.emulator.internal.EmulatorContext;

/** The emulator's gRPC side. Placeholder until the gRPC frontend lands. */
public final class GrpcFrontend implements AutoCloseable {
  private GrpcFrontend() {}

  /** Serves {@code context} over gRPC (plaintext) on {@code host:port} (port 0: an ephemeral one). */
  public static GrpcFrontend start(EmulatorContext context, String host, int port) {
    throw new UnsupportedOperationException("the gRPC frontend is not built yet");
  }

  /** The port it listens on. */
  public int port() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
