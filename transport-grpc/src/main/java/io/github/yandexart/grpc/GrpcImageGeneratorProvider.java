package io.github.yandexart.grpc;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.grpc.internal.GrpcImageGenerator;
import io.github.yandexart.spi.ImageGeneratorProvider;

/**
 * The gRPC transport: {@link ImageGenerator}s that talk to the service's gRPC API with grpc-java over
 * shaded Netty. Found by {@link io.github.yandexart.ImageGenerators} through {@code META-INF/services}
 * as transport {@value #NAME} with priority {@value #PRIORITY} (it wins over REST when both are on the
 * classpath and no transport is named).
 *
 * <pre>{@code
 * ImageGenerator generator = ImageGenerators.create(config);                // discovery
 * ImageGenerator generator = ImageGenerators.create(config, new GrpcImageGeneratorProvider());
 * }</pre>
 *
 * <p>Each generator opens one channel per distinct endpoint (generation on {@link
 * ClientConfig#generationEndpoint()}, operations on {@link ClientConfig#operationEndpoint()}, both as
 * {@code host:port}; TLS unless the endpoint is {@code http://}) and closes them in {@link
 * ImageGenerator#close()}. Thread-safe; constructing the provider does no I/O.
 */
public final class GrpcImageGeneratorProvider implements ImageGeneratorProvider {
  /** The transport's name, as given to {@code ClientConfig.Builder.transport(...)}. */
  public static final String NAME = "grpc";
  /** The discovery priority: above REST's 10. */
  public static final int PRIORITY = 20;

  /** For {@link java.util.ServiceLoader}, and for passing the provider by hand. */
  public GrpcImageGeneratorProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /** True when grpc-netty-shaded and the generated stubs are on the classpath. */
  @Override
  public boolean isAvailable() {
    ClassLoader loader = GrpcImageGeneratorProvider.class.getClassLoader();
    try {
      Class.forName("io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder", false, loader);
      Class.forName("io.github.yandexart.proto.operation.OperationServiceGrpc", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A new generator for {@code config}; the caller closes it.
   *
   * @throws IllegalStateException when {@code config} has no credentials
   */
  @Override
  public ImageGenerator create(ClientConfig config) {
    return GrpcImageGenerator.create(config);
  }

  @Override
  public String toString() {
    return "GrpcImageGeneratorProvider{name=" + NAME + ", priority=" + PRIORITY + "}";
  }
}
