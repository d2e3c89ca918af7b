package io.github.yandexart.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 with an ephemeral port that records every request and answers with
 * what the test scripts; answers can be held back until the test releases them.
 */
class LocalServer implements AutoCloseable {
  /** One recorded request: method, path, lower-case header names, body. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A scripted answer. */
  record Reply(int status, String body) {}

  /** Decides the answer to the n-th request (1-based). */
  @FunctionalInterface
  interface Responder {
    Reply answer(Request request, int n);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Semaphore arrivals = new Semaphore(0);
  private volatile Responder responder;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  LocalServer(String path, Responder responder) {
    this.responder = responder;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(path, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, List<String>> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
      requests.add(request);
      int n = requests.size();
      // Judge the request as it arrives (the fake IAM compares iat with the test clock), before the
      // test may move the clock on after awaitArrivals.
      Reply reply = responder.answer(request, n);
      arrivals.release();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  int port() {
    return server.getAddress().getPort();
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  /** Holds every answer from now on until {@link #release()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  /** Waits until {@code n} more requests have arrived (whether answered or held). */
  void awaitArrivals(int n, Duration timeout) throws InterruptedException {
    if (!arrivals.tryAcquire(n, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("expected " + n + " more request(s) within " + timeout + ", got "
          + requests.size() + " in all");
    }
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  int requestCount() {
    return requests.size();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
