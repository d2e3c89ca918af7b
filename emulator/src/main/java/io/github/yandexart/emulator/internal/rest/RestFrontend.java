package io.github.yandexart.emulator.internal.rest;

import io.github.yandexart.emulator.internal.EmulatorContext;

/**
 * The emulator's REST side. Placeholder until the REST frontend lands: it serves nothing, so that the
 * emulator's gRPC side can start without it.
 */
public final class RestFrontend implements AutoCloseable {
  private RestFrontend() {}

  /** Serves {@code context} over REST on {@code host:port} (port 0: an ephemeral one). */
  public static RestFrontend start(EmulatorContext context, String host, int port) {
    return new RestFrontend();
  }

  /** The port it listens on; -1 while this is a placeholder. */
  public int port() {
    return -1;
  }

  @Override
  public void close() {}
}
