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
 * #close()}, so that no call, however many are in flight, makes grpc-java start threads of its own
 * (its shared {@code grpc-default-executor} is an unbounded cached pool: 33 threads were seen with
 * 10,000 operations in flight):
 *
 * <ul>
 *   <li>{@value #IO_THREADS} Netty event loop ({@code yandexart-grpc-io-N-1}): the sockets and the
 *       channels' timers (a Netty channel runs its deadlines on its event loop);
 *   <li>at most {@value #CALLBACK_THREADS} callback threads ({@code yandexart-grpc-callback-N-i}, a
 *       fixed pool with a queue; idle ones end after 30 s): every call's listener (each call names
 *       this pool in its {@code CallOptions}, unless the caller named an executor of its own), and
 *       the resolution of the endpoint's name.
 * </ul>
 *
 * <p>Why every call's listener runs on the pool and not on the event loop ({@code directExecutor()}
 * would save a thread hand-off per call): a caller's non-async stage chained onto a returned future
 * runs where the future completes, and a blocking call made on the event loop would wait for an
 * answer that the blocked event loop cannot read. The REST transport makes the same choice. A caller
 * that never blocks there ({@code YandexArtClient}'s blocking methods) names a direct executor in the
 * call's {@code io.github.yandexart.CallOptions} and saves the hand-off.
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
        .directExecutor()
        .offloadExecutor(callbacks);
  }

  /** The pool for the callbacks of calls that may block (they stream into an image sink). */
  ExecutorService callbacks() {
    return callbacks;
  }

  /** Whether the current thread is this generator's event loop (where nothing may wait for a call). */
  boolean inEventLoop() {
    return eventLoop.next().inEventLoop();
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
