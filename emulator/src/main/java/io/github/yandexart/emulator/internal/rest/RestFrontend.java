package io.github.yandexart.emulator.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.yandexart.ApiCallException;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.internal.EmulatorContext;
import io.github.yandexart.emulator.internal.iam.IamService;
import io.github.yandexart.internal.PollInterval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's REST side: the service's HTTP routes on the JDK's {@code com.sun.net.httpserver},
 * answering from the shared store as strictly as the service's gateway, plus the IAM token exchange
 * ({@code POST /iam/v1/tokens}, see {@link IamRoute}) and admin routes under {@code /_emulator/} (see
 * the module's README).
 *
 * <p>Handlers run on a worker pool, so a delayed or large answer never holds up other calls; a delay
 * is a scheduled send, not a sleeping thread.
 */
public final class RestFrontend implements AutoCloseable {
  static final String GENERATE_PATH = "/foundationModels/v1/imageGenerationAsync";
  static final String OPERATIONS_PREFIX = "/operations/";
  static final String CANCEL_SUFFIX = ":cancel";
  static final String ADMIN_PREFIX = "/_emulator/";
  private static final int MAX_REQUEST_BYTES = 4 << 20;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final EmulatorContext context;
  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService delays;
  private final RestJson json = new RestJson();
  private final AdminRoutes admin;
  private final IamRoute iam;

  static {
    // The JDK's server leaves Nagle's algorithm on, and with the client's delayed ACKs every answer
    // then waits about 40 ms. The property is read once, when the JVM's first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private RestFrontend(EmulatorContext context, HttpServer server) {
    int n = INSTANCES.incrementAndGet();
    this.context = context;
    this.server = server;
    this.workers = Executors.newCachedThreadPool(threads("yandexart-emulator-rest-" + n));
    this.delays = Executors.newSingleThreadScheduledExecutor(threads("yandexart-emulator-rest-" + n + "-delay"));
    this.admin = new AdminRoutes(context, json);
    this.iam = new IamRoute(context, json);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
  }

  /** Serves {@code context} over REST on {@code host:port} (port 0: an ephemeral one). */
  public static RestFrontend start(EmulatorContext context, String host, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("the emulator could not listen on " + host + ":" + port
          + " for REST: " + e.getMessage() + " (is the port taken? use 0 for a free one)", e);
    }
    RestFrontend frontend = new RestFrontend(context, server);
    server.start();
    return frontend;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening, drops open connections and stops the worker threads. */
  @Override
  public void close() {
    server.stop(0);
    delays.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange exchange) {
    try {
      String requestId = UUID.randomUUID().toString();
      exchange.getResponseHeaders().set("x-request-id", requestId);
      exchange.getResponseHeaders().set("x-server-trace-id", UUID.randomUUID().toString().replace("-", ""));
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith(ADMIN_PREFIX)) {
        admin.handle(exchange, requestId);
        return;
      }
      if (path.equals(IamService.TOKENS_PATH)) {
        iam.handle(exchange, requestId);
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST_BYTES + 1);
      String method = exchange.getRequestMethod();
      String query = exchange.getRequestURI().getRawQuery();
      context.record(new RecordedRequest(RecordedRequest.Protocol.REST,
          method + " " + path + (query == null ? "" : "?" + query), headers(exchange),
          new String(body, StandardCharsets.UTF_8)));
      Reply reply = body.length > MAX_REQUEST_BYTES
          ? error(StatusCode.INVALID_ARGUMENT, "the request body is larger than " + MAX_REQUEST_BYTES + " bytes")
          : answer(exchange, method, path, body);
      if (context.faults().takeDrop()) {
        // Closing an exchange before its response headers closes the connection: the client sees
        // the stream end with no answer, after the call took effect.
        exchange.close();
        return;
      }
      Duration delay = context.faults().takeDelay();
      if (delay.isZero() || delay.isNegative()) {
        send(exchange, reply, requestId);
      } else {
        delays.schedule(() -> workers.execute(() -> sendAndClose(exchange, reply, requestId)),
            delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (IOException | RuntimeException e) {
      exchange.close();
    }
  }

  private void sendAndClose(HttpExchange exchange, Reply reply, String requestId) {
    try {
      send(exchange, reply, requestId);
    } catch (IOException | RejectedExecutionException e) {
      exchange.close();
    }
  }

  static Map<String, List<String>> headers(HttpExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return headers;
  }

  /** What the service would answer: routing first, then authorization, then the body. */
  private Reply answer(HttpExchange exchange, String method, String path, byte[] body) {
    Route route = Route.of(path);
    if (route == null) {
      return error(StatusCode.NOT_FOUND, "Not Found: no route for " + path);
    }
    if (!route.method.equals(method)) {
      return Reply.status(405, OperationStatus.of(StatusCode.UNIMPLEMENTED, "Method Not Allowed: "
          + method + " " + path + " (this route takes " + route.method + ")"))
          .allow(route.method);
    }
    Optional<String> authProblem =
        context.authorizationProblem(exchange.getRequestHeaders().getFirst("Authorization"));
    if (authProblem.isPresent()) {
      return error(StatusCode.UNAUTHENTICATED, authProblem.get());
    }
    try {
      switch (route.kind) {
        case GENERATE:
          ImageGenerationRequest request;
          try {
            request = json.readRequest(body);
          } catch (RestJson.BadRequestException e) {
            return error(StatusCode.INVALID_ARGUMENT, e.getMessage());
          }
          return Reply.firstResponse(context.store().submit(request));
        case GET:
          return Reply.operation(context.store().get(route.operationId));
        case CANCEL:
          return Reply.operation(context.store().cancel(route.operationId));
        default:
          throw new IllegalStateException(route.kind.name());
      }
    } catch (ApiCallException e) {
      OperationStatus status = e.status().orElse(OperationStatus.of(e.code(), e.getMessage()));
      return Reply.status(e.code().httpStatus(), status).retryAfter(e.retryAfter().orElse(null));
    } catch (RuntimeException e) {
      return error(StatusCode.INTERNAL, "the emulator failed: " + e);
    }
  }

  static Reply error(StatusCode code, String message) {
    return Reply.status(code.httpStatus(), OperationStatus.of(code, message));
  }

  // ---------------------------------------------------------------- sending

  private void send(HttpExchange exchange, Reply reply, String requestId) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (reply.allow != null) {
      exchange.getResponseHeaders().set("Allow", reply.allow);
    }
    if (reply.retryAfter != null) {
      // Retry-After takes whole seconds: round up, so a client never comes back too early.
      long seconds = Math.max(0, (reply.retryAfter.toMillis() + 999) / 1000);
      exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
    }
    Operation answered = reply.answered();
    if (answered != null && answered.pollInterval().isPresent()) {
      exchange.getResponseHeaders().set(PollInterval.HEADER, PollInterval.format(answered.pollInterval().get()));
    }
    if (reply.operation != null && reply.operation.image().isPresent()) {
      // Streamed (chunked): a large image is base64-encoded straight into the socket.
      exchange.sendResponseHeaders(reply.httpStatus, 0);
      try (OutputStream out = exchange.getResponseBody(); JsonGenerator g = json.generator(out)) {
        json.writeOperation(g, reply.operation);
      }
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.generator(buffer)) {
      if (reply.firstResponse != null) {
        json.writeFirstResponse(g, reply.firstResponse.id());
      } else if (reply.operation != null) {
        json.writeOperation(g, reply.operation);
      } else {
        json.writeStatus(g, reply.status, requestId, reply.retryAfter);
      }
    }
    byte[] bytes = buffer.toByteArray();
    exchange.sendResponseHeaders(reply.httpStatus, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** One answer, computed before any fault decides how (or whether) it is sent. */
  static final class Reply {
    final int httpStatus;
    final OperationStatus status;
    final Operation operation;
    final Operation firstResponse;
    String allow;
    Duration retryAfter;

    private Reply(int httpStatus, OperationStatus status, Operation operation, Operation firstResponse) {
      this.httpStatus = httpStatus;
      this.status = status;
      this.operation = operation;
      this.firstResponse = firstResponse;
    }

    /** The operation whose poll hint goes into {@code x-operation-poll-interval}, if any. */
    Operation answered() {
      return operation != null ? operation : firstResponse;
    }

    static Reply operation(Operation op) {
      return new Reply(200, null, op, null);
    }

    /** The answer to Generate: only the id of {@code op} is shown (see {@link RestJson#writeFirstResponse}). */
    static Reply firstResponse(Operation op) {
      return new Reply(200, null, null, op);
    }

    static Reply status(int httpStatus, OperationStatus status) {
      return new Reply(httpStatus, status, null, null);
    }

    Reply allow(String method) {
      this.allow = method;
      return this;
    }

    Reply retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }
  }

  /** The service's routes. */
  private static final class Route {
    enum Kind { GENERATE, GET, CANCEL }

    final Kind kind;
    final String method;
    final String operationId;

    private Route(Kind kind, String method, String operationId) {
      this.kind = kind;
      this.method = method;
      this.operationId = operationId;
    }

    /** The route {@code rawPath} names, or null (404). */
    static Route of(String rawPath) {
      if (rawPath.equals(GENERATE_PATH)) {
        return new Route(Kind.GENERATE, "POST", null);
      }
      if (!rawPath.startsWith(OPERATIONS_PREFIX)) {
        return null;
      }
      String rest = rawPath.substring(OPERATIONS_PREFIX.length());
      boolean cancel = rest.endsWith(CANCEL_SUFFIX);
      String rawId = cancel ? rest.substring(0, rest.length() - CANCEL_SUFFIX.length()) : rest;
      if (rawId.isEmpty() || rawId.contains("/")) {
        return null;
      }
      String id;
      try {
        id = percentDecode(rawId);
      } catch (IllegalArgumentException e) {
        return null;
      }
      return new Route(cancel ? Kind.CANCEL : Kind.GET, "GET", id);
    }

    /** RFC 3986 percent-decoding of a path segment ({@code +} stays a plus). */
    static String percentDecode(String s) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%') {
          if (i + 2 >= s.length()) {
            throw new IllegalArgumentException("truncated escape");
          }
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          out.write(b, 0, b.length);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
