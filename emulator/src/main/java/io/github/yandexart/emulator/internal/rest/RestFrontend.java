package io.github.yandexart.emulator.internal.rest;

import io.github.yandexart.emulator.internal.EmulatorContext;

/** The emulator's REST side. Placeholder until the REST frontend lands. */
public final class RestFrontend implements AutoCloseable {
  private RestFrontend() {}

  /** Serves {@code context} over REST on {@code host:port} (port 0: an ephemeral one). */
  public static RestFrontend start(EmulatorContext context, String host, int port) {
    throw new UnsupportedOperationException("the REST frontend is not built yet");
  }

  /** The port it listens on. */
  public int port() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
