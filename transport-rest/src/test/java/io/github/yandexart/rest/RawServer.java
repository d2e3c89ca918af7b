package io.github.yandexart.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 whose answers a test scripts byte by byte: the honest replies,
 * and the broken ones a real server or proxy can give (HTML pages, truncated bodies, dropped
 * connections, silence).
 */
final class RawServer implements AutoCloseable {
  /** What to do with one request: write to {@code out}; return false to close the connection. */
  interface Script {
    boolean answer(Request request, OutputStream out) throws IOException;
  }

  /** One request as received. */
  static final class Request {
    final String method;
    final String target;
    final Map<String, String> headers;
    final byte[] body;
    private final InputStream in;

    Request(String method, String target, Map<String, String> headers, byte[] body, InputStream in) {
      this.method = method;
      this.target = target;
      this.headers = headers;
      this.body = body;
      this.in = in;
    }

    /** Answers nothing and returns once the client hangs up (or the server closes). */
    void awaitHangup() {
      try {
        while (in.read() >= 0) {
          // the client sends nothing more; wait for the end of its stream
        }
      } catch (IOException e) {
        // closed: that is what we wait for
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private final CountDownLatch firstDisconnect = new CountDownLatch(1);

  private RawServer(Script script) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread acceptor = new Thread(this::acceptLoop, "raw-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static RawServer start(Script script) {
    try {
      return new RawServer(script);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A server that reads each request and never answers, until the client hangs up. */
  static RawServer silent() {
    return start((request, out) -> {
      request.awaitHangup();
      return false;
    });
  }

  /** A server that answers every request with the same bytes and keeps the connection. */
  static RawServer answering(String status, String contentType, String body, String... headers) {
    byte[] reply = response(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    return start((request, out) -> {
      out.write(reply);
      return true;
    });
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Waits until the first request has arrived. */
  boolean awaitRequest() throws InterruptedException {
    return firstRequest.await(10, TimeUnit.SECONDS);
  }

  /** Waits until a connection ends (the client hung up, or a script closed it). */
  boolean awaitDisconnect() throws InterruptedException {
    return firstDisconnect.await(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** A complete response with a Content-Length. */
  static byte[] response(String status, String contentType, byte[] body, String... headers) {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    for (String h : headers) {
      head.append(h).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  static byte[] response(String status, String contentType, String body, String... headers) {
    return response(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      Thread t = new Thread(() -> serve(socket), "raw-server-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        Request request = read(in);
        if (request == null) {
          firstDisconnect.countDown();
          return;
        }
        requests.add(request);
        firstRequest.countDown();
        if (!script.answer(request, out)) {
          out.flush();
          firstDisconnect.countDown();
          return;
        }
        out.flush();
      }
    } catch (IOException e) {
      firstDisconnect.countDown();
    } finally {
      sockets.remove(socket);
    }
  }

  private static Request read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : b == '\r' ? 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    return new Request(requestLine[0], requestLine[1], headers, body, in);
  }
}
