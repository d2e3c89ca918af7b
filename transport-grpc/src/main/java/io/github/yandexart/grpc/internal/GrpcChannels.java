package io.github.yandexart.grpc.internal;

import io.github.yandexart.ClientConfig;
import io.grpc.HttpConnectProxiedSocketAddress;
import io.grpc.ManagedChannel;
import io.grpc.ProxiedSocketAddress;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The channels of one generator: one per distinct endpoint ({@code host:port} and TLS or not), so a
 * config whose generation and operation endpoints are the same opens one channel.
 */
final class GrpcChannels {
  /** How long {@link #close()} waits for calls in flight before cutting them off. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
  /** How long {@link #close()} then waits for the calls cut off to be told so. */
  static final Duration CUT_OFF_GRACE = Duration.ofSeconds(1);

  private final Endpoint generation;
  private final Endpoint operations;
  private final GrpcThreads threads;

  /** A channel and the {@code host:port} it talks to. */
  record Endpoint(ManagedChannel channel, String target) {}

  GrpcChannels(Endpoint generation, Endpoint operations, GrpcThreads threads) {
    this.generation = generation;
    this.operations = operations;
    this.threads = threads;
  }

  /**
   * Opens the channels for {@code config}'s endpoints, on threads of their own ({@link GrpcThreads}).
   * Netty connects lazily, on the first call.
   */
  static GrpcChannels open(ClientConfig config) {
    GrpcThreads threads = new GrpcThreads();
    try {
      Endpoint generation = endpoint(config.generationEndpoint(), config, threads);
      if (key(config.generationEndpoint()).equals(key(config.operationEndpoint()))) {
        return new GrpcChannels(generation, generation, threads);
      }
      return new GrpcChannels(generation, endpoint(config.operationEndpoint(), config, threads), threads);
    } catch (RuntimeException | Error e) {
      threads.close();
      throw e;
    }
  }

  /** The threads the channels run on, for tests. */
  GrpcThreads threads() {
    return threads;
  }

  Endpoint generation() {
    return generation;
  }

  Endpoint operations() {
    return operations;
  }

  /** The distinct channels, for tests. */
  List<ManagedChannel> channels() {
    List<ManagedChannel> list = new ArrayList<>();
    list.add(generation.channel());
    if (operations.channel() != generation.channel()) {
      list.add(operations.channel());
    }
    return list;
  }

  /**
   * Shuts the channels down: calls in flight get {@link #SHUTDOWN_GRACE} to finish, then are cut off
   * (and given {@link #CUT_OFF_GRACE} to hear so). Then the threads stop. Returns early if
   * interrupted (cutting everything off, and keeping the interrupt).
   */
  void close() {
    List<ManagedChannel> channels = channels();
    if (threads.inEventLoop()) {
      // closed from a callback: waiting here would keep the event loop from ending the calls
      channels.forEach(ManagedChannel::shutdownNow);
      threads.close();
      return;
    }
    channels.forEach(ManagedChannel::shutdown);
    long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
    try {
      for (ManagedChannel channel : channels) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !channel.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          channel.shutdownNow();
          // the calls cut off are told on the callback threads: let them hear it before those stop
          channel.awaitTermination(CUT_OFF_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      Thread.currentThread().interrupt();
    } finally {
      threads.close();
    }
  }

  private static Endpoint endpoint(URI uri, ClientConfig config, GrpcThreads threads) {
    String host = host(uri);
    int port = ClientConfig.port(uri);
    NettyChannelBuilder b = threads.configure(NettyChannelBuilder.forAddress(host, port))
        .userAgent(config.userAgent())
        .maxInboundMessageSize((int) Math.min(config.maxResponseSize(), Integer.MAX_VALUE))
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.max(1, Math.min(config.connectTimeout().toMillis(), Integer.MAX_VALUE)))
        // one call is one request: retries (and the decision whether a submit may be repeated)
        // belong to the client's wait engine
        .disableRetry();
    if (config.proxy().isPresent()) {
      // Without an explicit proxy grpc-java asks ProxySelector.getDefault(), which reads the
      // https.proxyHost system properties: the same rule as the REST transport's.
      b.proxyDetector(target -> proxied(config, uri, target));
    }
    if (ClientConfig.isPlaintext(uri)) {
      b.usePlaintext();
    } else {
      b.useTransportSecurity();
    }
    String target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return new Endpoint(b.build(), target);
  }

  /** The configured proxy's CONNECT tunnel to {@code target}, or null to connect directly. */
  private static ProxiedSocketAddress proxied(ClientConfig config, URI endpoint, SocketAddress target) {
    if (!(target instanceof InetSocketAddress)) {
      return null;
    }
    return config.proxyFor(endpoint)
        .map(proxy -> HttpConnectProxiedSocketAddress.newBuilder()
            .setTargetAddress((InetSocketAddress) target)
            .setProxyAddress(proxy.isUnresolved()
                ? new InetSocketAddress(proxy.getHostString(), proxy.getPort()) : proxy)
            .build())
        .orElse(null);
  }

  private static String host(URI uri) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("endpoint " + uri + " has no host: write https://host[:port]");
    }
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String key(URI uri) {
    return (ClientConfig.isPlaintext(uri) ? "plaintext " : "tls ")
        + host(uri).toLowerCase(Locale.ROOT) + ":" + ClientConfig.port(uri);
  }
}
