package io.github.yandexart.grpc.internal;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread one generator's channels use, made by the generator and stopped by its {@link
 * #close()}, so that no call, however many are in flight, makes grpc-java start threads of its own:
 *
 * <ul>
 *   <li>{@value #IO_THREADS} Netty event loop ({@code yandexart-grpc-io-N-1}): the sockets, and the
 *       channels' timers (a Netty channel runs its deadlines and keep-alives on its event loop);
 *   <li>at most {@value #CALLBACK_THREADS} callback threads ({@code yandexart-grpc-callback-N-i}), a
 *       fixed pool with a queue, instead of grpc-java's shared cached pool ({@code
 *       grpc-default-executor}, which starts a thread for every callback that finds all busy: 33 were
 *       seen with 10,000 operations in flight). They parse the answers, complete the callers'
 *       futures (so they run what the client chained on them), and resolve the endpoint's name.
 * </ul>
 *
 * <p>Why not {@code directExecutor()}, which would save a thread hop per call: the callbacks then run
 * on the event loop, and they are not all short. A reply is parsed there (an image of several MiB,
 * or written to an {@link io.github.yandexart.CallOptions}' image sink, which may be a file or a slow
 * stream), and completing a caller's future runs whatever the caller chained to it, which may block;
 * a blocked event loop stalls every call on the connection, and one that waits for another call's
 * answer never wakes. Two callback threads keep that off the event loop at the cost of one hand-off.
 */
final class GrpcThreads {
  /** Event loop threads: one is plenty for the few connections of one generator. */
  static final int IO_THREADS = 1;
  /** Callback threads: the pool's fixed bound. */
  static final int CALLBACK_THREADS = 2;
  /** Thread name prefixes, for tests. */
  static final String IO_PREFIX = "yandexart-grpc-io-";
  static final String CALLBACK_PREFIX = "yandexart-grpc-callback-";

  private static final AtomicInteger GENERATORS = new AtomicInteger();

  private final EventLoopGroup eventLoop;
  private final boolean epoll;
  private final ThreadPoolExecutor callbacks;

  GrpcThreads() {
    int n = GENERATORS.incrementAndGet();
    epoll = Epoll.isAvailable();
    eventLoop = new MultiThreadIoEventLoopGroup(IO_THREADS,
        new DefaultThreadFactory(IO_PREFIX + n, true),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    AtomicInteger count = new AtomicInteger();
    callbacks = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, CALLBACK_PREFIX + n + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // idle generators hold no callback thread
    callbacks.allowCoreThreadTimeOut(true);
  }

  /** Makes {@code builder}'s channel use these threads and no others. */
  NettyChannelBuilder configure(NettyChannelBuilder builder) {
    return builder
        .eventLoopGroup(eventLoop)
        .channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .executor(callbacks)
        .offloadExecutor(callbacks);
  }

  /** The callback pool, for tests. */
  ExecutorService callbacks() {
    return callbacks;
  }

  /**
   * Stops the threads once the channels have terminated (or been cut off): callbacks already queued
   * still run, so every call in flight hears how it ended.
   */
  void close() {
    callbacks.shutdown();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
