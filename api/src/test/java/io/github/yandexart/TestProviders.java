package io.github.yandexart;

import io.github.yandexart.spi.ImageGeneratorProvider;
import java.util.concurrent.CompletableFuture;

/** Providers for discovery tests, listed in service files written by each test. */
public final class TestProviders {
  private TestProviders() {}

  /** A generator that only remembers who made it and with which config. */
  static final class MadeBy implements ImageGenerator {
    final String provider;
    final ClientConfig config;

    MadeBy(String provider, ClientConfig config) {
      this.provider = provider;
      this.config = config;
    }

    @Override
    public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
      return fail();
    }

    @Override
    public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
      return fail();
    }

    @Override
    public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
      return fail();
    }

    @Override
    public void close() {}

    private static CompletableFuture<Operation> fail() {
      return CompletableFuture.failedFuture(
          ApiCallException.builder(StatusCode.UNIMPLEMENTED, ApiCallException.Origin.CLIENT).build());
    }
  }

  abstract static class Base implements ImageGeneratorProvider {
    private final String name;
    private final int priority;

    Base(String name, int priority) {
      this.name = name;
      this.priority = priority;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    public ImageGenerator create(ClientConfig config) {
      return new MadeBy(getClass().getSimpleName(), config);
    }
  }

  public static final class Rest extends Base {
    public Rest() {
      super("rest", 10);
    }
  }

  public static final class Grpc extends Base {
    public Grpc() {
      super("grpc", 20);
    }
  }

  /** Fails in its constructor, as a provider missing one of its dependencies might. */
  public static final class Throwing extends Base {
    public Throwing() {
      super("throwing", 99);
      throw new IllegalStateException("missing native library libfoo");
    }
  }

  public static final class Unavailable extends Base {
    public Unavailable() {
      super("unavailable", 50);
    }

    @Override
    public boolean isAvailable() {
      return false;
    }
  }

  public static final class AvailabilityThrows extends Base {
    public AvailabilityThrows() {
      super("flaky", 100);
    }

    @Override
    public boolean isAvailable() {
      throw new NoClassDefFoundError("io/netty/Something");
    }
  }

  public static final class PriorityThrows extends Base {
    public PriorityThrows() {
      super("odd", 0);
    }

    @Override
    public int priority() {
      throw new IllegalStateException("no priority today");
    }
  }

  public static final class NameThrows extends Base {
    public NameThrows() {
      super("unused", 100);
    }

    @Override
    public String name() {
      throw new IllegalStateException("no name today");
    }
  }
}
