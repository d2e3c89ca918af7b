package io.github.yandexart.emulator.internal.grpc;

import io.github.yandexart.emulator.internal.EmulatorContext;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The emulator's gRPC side: the store served as {@code ImageGenerationAsyncService} and {@code
 * OperationService}, plaintext, on a real port (Netty) or in process (for fast tests).
 *
 * <p>Every call needs an {@code authorization}; store errors become the same gRPC code and message
 * with a google.rpc.Status in {@code grpc-status-details-bin} (RequestInfo, and RetryInfo when the
 * store asks the client to wait); answers carry {@code x-request-id}. Transport faults: a delay
 * schedules the answer; a drop resets the call's connection after the store has acted, so the client
 * sees UNAVAILABLE without the server's trailers. In process, where there is no connection, the
 * handler throws instead: grpc-java cancels the stream (the client sees UNKNOWN, again without
 * trailers) and logs the exception.
 */
public final class GrpcFrontend implements AutoCloseable {
  private final Server server;
  private final ScheduledExecutorService scheduler;
  private final List<EventLoopGroup> eventLoops;

  private GrpcFrontend(Server server, ScheduledExecutorService scheduler,
      List<EventLoopGroup> eventLoops) {
    this.server = server;
    this.scheduler = scheduler;
    this.eventLoops = eventLoops;
  }

  /** Serves {@code context} over gRPC (plaintext) on {@code host:port} (port 0: an ephemeral one). */
  public static GrpcFrontend start(EmulatorContext context, String host, int port) {
    Connections connections = new Connections();
    ScheduledExecutorService scheduler = newScheduler();
    EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("yandexart-emulator-grpc-accept", true), NioIoHandler.newFactory());
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(2,
        new DefaultThreadFactory("yandexart-emulator-grpc-io", true), NioIoHandler.newFactory());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .channelFactory(connections::newServerChannel)
        .bossEventLoopGroup(accept)
        .workerEventLoopGroup(io);
    GrpcFrontend frontend = new GrpcFrontend(
        services(builder, context, scheduler, connections::drop), scheduler, List.of(accept, io));
    try {
      frontend.server.start();
    } catch (IOException e) {
      frontend.close();
      throw new UncheckedIOException("the emulator could not serve gRPC on " + host + ":" + port
          + ": " + e.getMessage() + " (is the port taken? 0 picks a free one)", e);
    } catch (RuntimeException e) {
      frontend.close();
      throw e;
    }
    return frontend;
  }

  /**
   * Serves {@code context} in process under {@code name}: connect with {@code
   * InProcessChannelBuilder.forName(name)}. {@link #port()} is -1.
   */
  public static GrpcFrontend startInProcess(EmulatorContext context, String name) {
    ScheduledExecutorService scheduler = newScheduler();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    GrpcFrontend frontend = new GrpcFrontend(
        services(builder, context, scheduler, GrpcFrontend::cancelStream), scheduler, List.of());
    try {
      frontend.server.start();
    } catch (IOException | RuntimeException e) {
      frontend.close();
      throw new IllegalStateException("the emulator could not serve gRPC in process as \"" + name
          + "\": " + e.getMessage(), e);
    }
    return frontend;
  }

  private static Server services(io.grpc.ServerBuilder<?> builder, EmulatorContext context,
      ScheduledExecutorService scheduler, Consumer<CallScope> dropper) {
    EmulatorService service = new EmulatorService(context, scheduler, dropper);
    CallInterceptor interceptor = new CallInterceptor(context);
    return builder
        .addService(ServerInterceptors.intercept(service.generation(), interceptor))
        .addService(ServerInterceptors.intercept(service.operations(), interceptor))
        .build();
  }

  /** In process there is no connection to reset: a handler that throws makes gRPC cancel the stream. */
  private static void cancelStream(CallScope scope) {
    throw new DroppedCallException();
  }

  private static ScheduledExecutorService newScheduler() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "yandexart-emulator-grpc-delays");
      t.setDaemon(true);
      return t;
    });
  }

  /** The port it listens on; -1 in process. */
  public int port() {
    return server.getPort();
  }

  /** Stops serving: calls in flight get a second to finish, then are cancelled. */
  @Override
  public void close() {
    server.shutdown();
    scheduler.shutdownNow();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      // never started: nothing to wait for
    }
    for (EventLoopGroup group : eventLoops) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  /** Thrown by a handler to have an in-process call's stream cancelled (an emulated drop). */
  private static final class DroppedCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DroppedCallException() {
      super("emulated drop: the call is cancelled without an answer", null, false, false);
    }
  }
}
