package io.github.yandexart.emulator.internal.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's open connections by the client's address, so that a dropped call can close its
 * connection: the client then sees the transport fail (UNAVAILABLE, no trailers) after it sent the
 * request, and cannot know whether the call took effect. Closing the connection is the only way
 * grpc-java's public API offers to end a call without the server's trailers, which a client would
 * rightly read as the server's answer.
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

  /** Closes the connection {@code scope}'s call came on. */
  void drop(CallScope scope) {
    Channel connection = scope.remoteAddress() == null ? null : open.get(scope.remoteAddress());
    if (connection == null) {
      throw new IllegalStateException("no open connection from " + scope.remoteAddress());
    }
    connection.close();
  }
}
