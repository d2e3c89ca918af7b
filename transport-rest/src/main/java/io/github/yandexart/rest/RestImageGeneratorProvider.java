package io.github.yandexart.rest;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.rest.internal.RestImageGenerator;
import io.github.yandexart.spi.ImageGeneratorProvider;

/**
 * The REST transport: JSON over HTTPS (HTTP/2 where the server negotiates it, else HTTP/1.1), on
 * Apache HttpClient 5 and Jackson. Found by {@link io.github.yandexart.ImageGenerators} under the
 * name {@value #NAME}; it loses to gRPC (priority 20) when both are present and no transport is
 * named.
 *
 * <pre>{@code
 * // discovery: with yandexart-transport-rest on the classpath
 * ImageGenerator generator = ImageGenerators.create(ClientConfig.fromEnvironment());
 * // by hand
 * ImageGenerator rest = ImageGenerators.create(config, new RestImageGeneratorProvider());
 * }</pre>
 *
 * <p>Thread-safe and stateless; each {@link #create} makes a generator with its own connection pool
 * and threads, released by {@link ImageGenerator#close()}.
 */
public final class RestImageGeneratorProvider implements ImageGeneratorProvider {
  /** The name to select this transport by. */
  public static final String NAME = "rest";
  /** Below gRPC's 20. */
  public static final int PRIORITY = 10;

  /** For {@link java.util.ServiceLoader}, and for passing by hand. */
  public RestImageGeneratorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /** False when HttpClient 5 or Jackson is missing from the classpath (excluded by a build). */
  @Override
  public boolean isAvailable() {
    ClassLoader loader = RestImageGeneratorProvider.class.getClassLoader();
    for (String type : new String[] {
        "org.apache.hc.client5.http.impl.async.HttpAsyncClients",
        "org.apache.hc.core5.http2.HttpVersionPolicy",
        "com.fasterxml.jackson.core.JsonFactory"}) {
      try {
        Class.forName(type, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
    return true;
  }

  /**
   * A REST generator for {@code config}'s endpoints, credentials, timeouts and headers.
   *
   * @throws IllegalStateException when {@code config} has no credentials
   */
  @Override
  public ImageGenerator create(ClientConfig config) {
    return new RestImageGenerator(config);
  }

  @Override
  public String toString() {
    return "RestImageGeneratorProvider{name=" + NAME + ", priority=" + PRIORITY + "}";
  }
}
