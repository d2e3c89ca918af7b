package io.github.yandexart.emulator.internal.grpc;

import io.github.yandexart.emulator.internal.EmulatorContext;

/** The emulator's gRPC side. Placeholder until the gRPC frontend lands. */
public final class GrpcFrontend implements AutoCloseable {
  private GrpcFrontend() {}

  /** Serves {@code context} over gRPC (plaintext) on {@code host:port} (port 0: an ephemeral one). */
  public static GrpcFrontend start(EmulatorContext context, String host, int port) {
    return new GrpcFrontend();
  }

  /** The port it listens on; -1 until the gRPC frontend lands. */
  public int port() {
    return -1;
  }

  @Override
  public void close() {}
}
