package io.github.yandexart.benchmarks;

import com.google.protobuf.ByteString;
import com.sun.management.OperatingSystemMXBean;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Submit, then one read that returns the finished operation with its small image, against the
 * emulator in another JVM on loopback: the SDK's {@link YandexArtClient} over each transport beside
 * the strongest plain use of the same library (Apache HttpClient 5 async with a pooling connection
 * manager and Jackson's streaming parser; grpc-java's blocking and future stubs on the project's
 * generated classes). Run with {@code -t 1} and {@code -t 16}; {@link Report} runs both and prints the
 * ratios. Process CPU time per operation (all threads of the benchmark JVM, measurement iterations
 * only) is appended to the file named by {@code -Dyandexart.bench.cpuFile} when set, and printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseParallelGC"})
public class SubmitGetThroughputBenchmark {
  /** Operations completed, for CPU per operation. */
  static final LongAdder OPS = new LongAdder();

  static final ImageGenerationRequest REQUEST = ImageGenerationRequest.builder()
      .modelUri(ModelUri.of("b1gbench"))
      .addMessage("a red cat")
      .options(ImageGenerationOptions.builder().seed(7).build())
      .build();

  /** The emulator (given by {@code -Dyandexart.bench.rest/grpc}, else started here) and the CPU meter. */
  @State(Scope.Benchmark)
  public static class Server {
    EmulatorProcess own;
    EmulatorAdmin admin;
    URI rest;
    URI grpc;
    private final OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long opsAtStart;
    private long cpuNanos;
    private long ops;

    @Setup(Level.Trial)
    public void start() {
      String r = System.getProperty("yandexart.bench.rest");
      String g = System.getProperty("yandexart.bench.grpc");
      if (r != null && g != null) {
        rest = URI.create(r);
        grpc = URI.create(g);
      } else {
        own = EmulatorProcess.start(0);
        rest = own.rest();
        grpc = own.grpc();
      }
      admin = new EmulatorAdmin(rest);
    }

    /** Finished operations would otherwise pile up in the emulator over a run. */
    @Setup(Level.Iteration)
    public void beforeIteration() {
      admin.reset();
      cpuAtStart = os.getProcessCpuTime();
      opsAtStart = OPS.sum();
    }

    @TearDown(Level.Iteration)
    public void afterIteration(IterationParams iteration) {
      if (iteration.getType() == IterationType.MEASUREMENT) {
        cpuNanos += os.getProcessCpuTime() - cpuAtStart;
        ops += OPS.sum() - opsAtStart;
      }
    }

    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) throws IOException {
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      double perOp = ops == 0 ? Double.NaN : (double) cpuNanos / ops / 1000.0;
      String line = String.format(Locale.ROOT, "%s %d %.2f%n", method, params.getThreads(), perOp);
      System.out.printf(Locale.ROOT, "%nCPU per op: %s threads=%d %.1f us%n", method, params.getThreads(), perOp);
      String file = System.getProperty("yandexart.bench.cpuFile");
      if (file != null) {
        Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      if (own != null) {
        own.close();
      }
    }
  }

  /** The SDK's client over REST. */
  @State(Scope.Benchmark)
  public static class RestSdk {
    YandexArtClient client;

    @Setup(Level.Trial)
    public void start(Server server) {
      client = sdk("rest", server.rest);
    }

    @TearDown(Level.Trial)
    public void stop() {
      client.close();
    }
  }

  /** The SDK's client over gRPC. */
  @State(Scope.Benchmark)
  public static class GrpcSdk {
    YandexArtClient client;

    @Setup(Level.Trial)
    public void start(Server server) {
      client = sdk("grpc", server.grpc);
    }

    @TearDown(Level.Trial)
    public void stop() {
      client.close();
    }
  }

  /** Raw Apache HttpClient 5 async: pooling connection manager, the transport's I/O thread count. */
  @State(Scope.Benchmark)
  public static class RestRaw {
    CloseableHttpAsyncClient http;
    URI submit;
    String operations;

    @Setup(Level.Trial)
    public void start(Server server) {
      http = HttpAsyncClients.custom()
          .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
              .setMaxConnTotal(64).setMaxConnPerRoute(64).build())
          .setIOReactorConfig(IOReactorConfig.custom()
              .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors())).build())
          .disableAutomaticRetries()
          .disableRedirectHandling()
          .disableCookieManagement()
          .disableAuthCaching()
          .disableConnectionState()
          .build();
      http.start();
      submit = server.rest.resolve(RawRest.GENERATE_PATH);
      operations = server.rest.resolve("/operations/").toString();
    }

    byte[] submitThenGet() throws Exception {
      return submitThenGet(false);
    }

    /**
     * {@link #submitThenGet()} also sending the two headers the SDK adds to every request, {@code
     * Accept} and {@code x-client-request-id} (a version-4 UUID from {@code ThreadLocalRandom}, as
     * cheap as the SDK's): what the server's share of the SDK's cost is, apart from the client's.
     */
    byte[] submitThenGetWithSdkHeaders() throws Exception {
      return submitThenGet(true);
    }

    private byte[] submitThenGet(boolean sdkHeaders) throws Exception {
      SimpleHttpRequest post = headers(SimpleRequestBuilder.post(submit), sdkHeaders)
          .setBody(RawRest.SUBMIT_BODY, ContentType.APPLICATION_JSON)
          .build();
      String id = RawRest.operationId(body(post));
      SimpleHttpRequest get = headers(SimpleRequestBuilder.get(operations + id), sdkHeaders).build();
      return RawRest.image(body(get));
    }

    private static SimpleRequestBuilder headers(SimpleRequestBuilder request, boolean sdkHeaders) {
      request.addHeader("Authorization", RawRest.AUTHORIZATION);
      if (sdkHeaders) {
        request.addHeader("Accept", "application/json").addHeader("x-client-request-id", RawRest.requestId());
      }
      return request;
    }

    private byte[] body(SimpleHttpRequest request) throws Exception {
      Future<SimpleHttpResponse> f = http.execute(SimpleRequestProducer.create(request),
          SimpleResponseConsumer.create(), null);
      SimpleHttpResponse response = f.get(10, TimeUnit.SECONDS);
      if (response.getCode() != 200) {
        throw new IllegalStateException(request.getRequestUri() + " answered " + response.getCode());
      }
      return response.getBodyBytes();
    }

    @TearDown(Level.Trial)
    public void stop() {
      http.close(CloseMode.GRACEFUL);
    }
  }

  /** Raw grpc-java stubs. */
  @State(Scope.Benchmark)
  public static class GrpcRaw {
    RawGrpc grpc;

    @Setup(Level.Trial)
    public void start(Server server) {
      grpc = new RawGrpc(server.grpc);
    }

    @TearDown(Level.Trial)
    public void stop() {
      grpc.close();
    }
  }

  static YandexArtClient sdk(String transport, URI endpoint) {
    return YandexArtClient.builder()
        .generator(ImageGenerators.create(ClientConfig.builder()
            .credentials(Credentials.apiKey("bench"))
            .transport(transport)
            .endpoint(endpoint)
            .build()))
        // the service's quotas are not what is measured here
        .waitPolicy(WaitPolicy.builder().maxReadsPerSecond(1_000_000).maxSubmitsPerMinute(Integer.MAX_VALUE).build())
        .build();
  }

  private static GeneratedImage sdkSubmitThenGet(YandexArtClient client) {
    Operation started = client.submit(REQUEST);
    GeneratedImage image = client.getOperation(started.id()).image().orElseThrow();
    OPS.increment();
    return image;
  }

  @Benchmark
  public GeneratedImage restSdk(Server server, RestSdk sdk) {
    return sdkSubmitThenGet(sdk.client);
  }

  @Benchmark
  public byte[] restRaw(Server server, RestRaw raw) throws Exception {
    byte[] image = raw.submitThenGet();
    OPS.increment();
    return image;
  }

  @Benchmark
  public GeneratedImage grpcSdk(Server server, GrpcSdk sdk) {
    return sdkSubmitThenGet(sdk.client);
  }

  @Benchmark
  public ByteString grpcRawBlocking(Server server, GrpcRaw raw) throws Exception {
    ByteString image = raw.grpc.blockingSubmitThenGet();
    OPS.increment();
    return image;
  }

  @Benchmark
  public ByteString grpcRawFuture(Server server, GrpcRaw raw) throws Exception {
    ByteString image = raw.grpc.futureSubmitThenGet();
    OPS.increment();
    return image;
  }
}
