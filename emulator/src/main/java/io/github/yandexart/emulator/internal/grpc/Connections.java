package io.github.yandexart.emulator.internal.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's open connections by the client's address, so that a dropped call can reset its
 * connection: the client then sees the transport fail (UNAVAILABLE, no trailers) after it sent the
 * request, and cannot know whether the call took effect. Ending a call through grpc-java's API
 * always sends the server's trailers, which a client would rightly read as the server's answer; so
 * the emulator goes under it, to the socket.
 */
final class Connections {
  private final Map<SocketAddress, Channel> open = new ConcurrentHashMap<>();

  /** Netty's server channel, noting every connection it accepts. */
  NioServerSocketChannel newServerChannel() {
    return new NioServerSocketChannel() {
      @Override
      protected int doReadMessages(List<Object> accepted) throws Exception {
        int before = accepted.size();
        int read = super.doReadMessages(accepted);
        for (int i = before; i < accepted.size(); i++) {
          if (accepted.get(i) instanceof Channel) {
            add((Channel) accepted.get(i));
          }
        }
        return read;
      }
    };
  }

  private void add(Channel connection) {
    SocketAddress remote = connection.remoteAddress();
    if (remote != null) {
      open.put(remote, connection);
      connection.closeFuture().addListener(f -> open.remove(remote, connection));
    }
  }

  /** Resets the connection {@code scope}'s call came on. */
  void drop(CallScope scope) {
    Channel connection = scope.remoteAddress() == null ? null : open.get(scope.remoteAddress());
    if (connection == null) {
      throw new IllegalStateException("no open connection from " + scope.remoteAddress());
    }
    // a reset, not a goodbye: no lingering, and past gRPC's HTTP/2 handler, whose close() would
    // send GOAWAY and wait for the call in flight to finish
    connection.config().setOption(ChannelOption.SO_LINGER, 0);
    ChannelHandlerContext first = connection.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      connection.close();
    }
  }
}
