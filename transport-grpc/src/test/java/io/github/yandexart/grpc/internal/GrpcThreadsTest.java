package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ModelUri;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.operation.GetOperationRequest;
import io.github.yandexart.proto.operation.Operation;
import io.github.yandexart.proto.operation.OperationServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 operations in flight on one client over gRPC start at most 8 threads in all (the client's
 * engine and the transport together), and none of grpc-java's shared {@code grpc-default-executor}.
 *
 * <p>The server is this test's own, on threads named {@code test-server-*} so that they can be told
 * apart from the client's: it holds every submit until all 10,000 have arrived (so all are in flight
 * on the client at once), then answers them together, and answers every read with "not done". The
 * live threads are sampled from the server's handlers, as the calls arrive and the answers go out,
 * once the client has every answer, and after its first reads.
 */
class GrpcThreadsTest {
  private static final int OPERATIONS = 10_000;
  private static final int MAX_THREADS = 8;
  private static final String SERVER = "test-server-";

  private final Set<Thread> before = ConcurrentHashMap.newKeySet();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<String, Integer> groupsAtPeak = new ConcurrentHashMap<>();
  private final List<StreamObserver<Operation>> held = new ArrayList<>();
  private final CountDownLatch allSubmitted = new CountDownLatch(1);
  private final CountDownLatch someReads = new CountDownLatch(10);
  private final CountDownLatch allAnswered = new CountDownLatch(OPERATIONS);
  private final AtomicInteger submits = new AtomicInteger();
  private final AtomicInteger reads = new AtomicInteger();
  private ExecutorService serverExecutor;
  private EventLoopGroup serverLoops;
  private Server server;

  @BeforeEach
  void startServer() throws Exception {
    AtomicInteger n = new AtomicInteger();
    serverExecutor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, SERVER + "exec-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    serverLoops = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory(SERVER + "io", true),
        NioIoHandler.newFactory());
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .executor(serverExecutor)
        .bossEventLoopGroup(serverLoops)
        .workerEventLoopGroup(serverLoops)
        .channelType(NioServerSocketChannel.class)
        .addService(new Generation())
        .addService(new Operations())
        .build()
        .start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    serverExecutor.shutdownNow();
    serverLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void tenThousandOperationsInFlightUseAtMostEightThreads() throws Exception {
    before.addAll(Thread.getAllStackTraces().keySet());
    WaitPolicy policy = WaitPolicy.builder()
        .callTimeout(Duration.ofSeconds(120))
        .totalBudget(Duration.ofHours(1))
        .maxSubmitsPerMinute(Integer.MAX_VALUE)
        .build();
    ClientConfig clientConfig = config(URI.create("http://127.0.0.1:" + server.getPort()))
        .waitPolicy(policy)
        .build();
    List<CompletableFuture<GeneratedImage>> waits = new ArrayList<>(OPERATIONS);
    GrpcImageGenerator grpc = GrpcImageGenerator.create(clientConfig);
    // counts the submit answers the client received: then every operation is in flight on it
    ImageGenerator counting = new ImageGenerator() {
      @Override
      public CompletableFuture<io.github.yandexart.Operation> submit(ImageGenerationRequest r, CallOptions o) {
        return grpc.submit(r, o).whenComplete((op, e) -> allAnswered.countDown());
      }

      @Override
      public CompletableFuture<io.github.yandexart.Operation> getOperation(String id, CallOptions o) {
        return grpc.getOperation(id, o);
      }

      @Override
      public CompletableFuture<io.github.yandexart.Operation> cancelOperation(String id, CallOptions o) {
        return grpc.cancelOperation(id, o);
      }

      @Override
      public void close() {
        grpc.close();
      }
    };
    try (YandexArtClient client = YandexArtClient.builder()
        .generator(counting)
        .waitPolicy(policy)
        .build()) {
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gthreads"), "a red cat");
      for (int i = 0; i < OPERATIONS; i++) {
        waits.add(client.generateAsync(request));
      }
      assertThat(allSubmitted.await(120, TimeUnit.SECONDS))
          .as("all %d submits reached the server (%d did)", OPERATIONS, submits.get()).isTrue();
      // the answers go out now; then the client reads (at the quota's pace) with everything in flight
      assertThat(allAnswered.await(120, TimeUnit.SECONDS)).as("every submit answered").isTrue();
      sample();
      assertThat(someReads.await(120, TimeUnit.SECONDS))
          .as("the client went on reading (%d reads)", reads.get()).isTrue();
      assertThat(waits).noneMatch(CompletableFuture::isDone);
      sample();
      waits.forEach(w -> w.cancel(false));
    }

    assertThat(peak.get())
        .as("threads started by the client at most alive at once: %s", groupsAtPeak)
        .isLessThanOrEqualTo(MAX_THREADS)
        .isPositive();
    assertThat(groupsAtPeak.keySet()).noneMatch(name -> name.startsWith("grpc-default-executor"));
  }

  /** Notes the client's threads alive now: those not alive before it, nor the server's. */
  private void sample() {
    Map<String, Integer> groups = new TreeMap<>();
    int count = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (before.contains(t) || t.getName().startsWith(SERVER) || t.getName().contains("CompilerThread")) {
        continue;
      }
      count++;
      groups.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
    }
    synchronized (peak) {
      if (count > peak.get()) {
        peak.set(count);
        groupsAtPeak.clear();
        groupsAtPeak.putAll(groups);
      }
    }
  }

  private static Operation notDone(String id) {
    return Operation.newBuilder().setId(id).setDescription("generation").setDone(false).build();
  }

  private final class Generation extends ImageGenerationAsyncServiceGrpc.ImageGenerationAsyncServiceImplBase {
    @Override
    public void generate(io.github.yandexart.proto.imagegeneration.ImageGenerationRequest request,
        StreamObserver<Operation> response) {
      List<StreamObserver<Operation>> release = null;
      synchronized (held) {
        held.add(response);
        int n = submits.incrementAndGet();
        if (n % 500 == 0) {
          sample();
        }
        if (n == OPERATIONS) {
          release = new ArrayList<>(held);
          held.clear();
        }
      }
      if (release != null) {
        allSubmitted.countDown();
        for (int i = 0; i < release.size(); i++) {
          release.get(i).onNext(notDone("op-" + i));
          release.get(i).onCompleted();
          if (i % 500 == 0) {
            sample();
          }
        }
      }
    }
  }

  private final class Operations extends OperationServiceGrpc.OperationServiceImplBase {
    @Override
    public void get(GetOperationRequest request, StreamObserver<Operation> response) {
      if (reads.incrementAndGet() % 10 == 0) {
        sample();
      }
      response.onNext(notDone(request.getOperationId()));
      response.onCompleted();
      someReads.countDown();
    }
  }
}
