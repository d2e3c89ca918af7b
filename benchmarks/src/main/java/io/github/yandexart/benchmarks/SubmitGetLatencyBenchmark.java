package io.github.yandexart.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One submit plus one read that returns the finished operation with its (small) image, against the
 * emulator on loopback: the SDK's REST and gRPC transports, and the raw baseline a user would write
 * by hand (the JDK's HttpClient, a JSON string, Jackson's tree, Base64).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubmitGetLatencyBenchmark {
  private static final String RAW_SUBMIT_BODY = "{\"modelUri\":\"art://b1gbench/yandex-art/latest\","
      + "\"messages\":[{\"text\":\"a red cat\",\"weight\":\"1\"}],\"generationOptions\":{\"seed\":\"7\"}}";

  @Param({"rest", "grpc", "raw-http"})
  public String client;

  private YandexArtEmulator emulator;
  private ImageGenerator generator;
  private HttpClient raw;
  private URI rest;
  private final ObjectMapper json = new ObjectMapper();
  private final ImageGenerationRequest request = ImageGenerationRequest.builder()
      .modelUri(ModelUri.of("b1gbench"))
      .addMessage("a red cat")
      .options(ImageGenerationOptions.builder().seed(7).build())
      .build();

  @Setup
  public void start() {
    emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .build()
        .start();
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
    rest = emulator.restEndpoint();
    if (client.equals("raw-http")) {
      raw = HttpClient.newHttpClient();
    } else {
      URI endpoint = client.equals("grpc") ? emulator.grpcEndpoint() : emulator.restEndpoint();
      generator = ImageGenerators.create(ClientConfig.builder()
          .credentials(Credentials.apiKey("bench"))
          .transport(client)
          .endpoint(endpoint)
          .build());
    }
  }

  /** Keeps the store small: finished operations would otherwise pile up over a run. */
  @Setup(Level.Iteration)
  public void forget() {
    emulator.reset();
    emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1));
  }

  @TearDown
  public void stop() {
    if (generator != null) {
      generator.close();
    }
    emulator.close();
  }

  @Benchmark
  public Object submitThenGet() throws Exception {
    if (raw != null) {
      return rawSubmitThenGet();
    }
    Operation started = generator.submit(request).get(10, TimeUnit.SECONDS);
    return generator.getOperation(started.id()).get(10, TimeUnit.SECONDS).image().orElseThrow();
  }

  private byte[] rawSubmitThenGet() throws Exception {
    HttpResponse<String> submitted = raw.send(HttpRequest.newBuilder(rest.resolve("/foundationModels/v1/imageGenerationAsync"))
        .header("Authorization", "Api-Key bench")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(RAW_SUBMIT_BODY))
        .build(), HttpResponse.BodyHandlers.ofString());
    String id = json.readTree(submitted.body()).get("id").asText();
    HttpResponse<String> read = raw.send(HttpRequest.newBuilder(rest.resolve("/operations/" + id))
        .header("Authorization", "Api-Key bench")
        .GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode op = json.readTree(read.body());
    return Base64.getDecoder().decode(op.get("response").get("image").asText());
  }
}
