package io.github.yandexart.spi;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;

/**
 * Makes {@link ImageGenerator}s for one transport. Found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.github.yandexart.spi.ImageGeneratorProvider}, or passed by hand to
 * {@link io.github.yandexart.ImageGenerators#create(ClientConfig, ImageGeneratorProvider)}.
 *
 * <p>Implementations must be thread-safe and cheap to construct; they do no I/O until {@link
 * #create}.
 */
public interface ImageGeneratorProvider {
  /** The transport's name, such as {@code "rest"} or {@code "grpc"}: what users select it by. */
  String name();

  /** Higher wins when no transport is named; REST is 10, gRPC 20. */
  int priority();

  /** False when the transport cannot work here (a missing optional dependency, say). */
  boolean isAvailable();

  /** A new generator for {@code config}; the caller closes it. */
  ImageGenerator create(ClientConfig config);
}
