package io.github.yandexart.benchmarks;

import io.github.yandexart.CallOptions;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link LargeImageHeapRun} with the REST transport's streaming path beside its in-memory one: the
 * smallest {@code -Xmx} (MiB, by bisection, serial GC) with which a child JVM receives one N MiB
 * image. Clients: {@code rest-sink} (a read with {@code CallOptions.withImageSink} writing a file) here,
 * and {@code idle}, {@code rest}, {@code raw-apache}, {@code raw-apache-file} as {@link
 * LargeImageHeapRun} receives them. Extra heap of a path = its figure minus {@code idle}'s.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.RestImageHeapRun [mib [clients]]}
 */
public final class RestImageHeapRun {
  static final List<String> CLIENTS = List.of("idle", "rest-sink", "rest", "raw-apache", "raw-apache-file");

  private RestImageHeapRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--receive")) {
      System.exit(receiveToSink(URI.create(args[1]), Integer.parseInt(args[2])));
      return;
    }
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    List<String> clients = args.length > 1 ? List.of(args[1].split(",")) : CLIENTS;
    Map<String, Integer> heaps = new LinkedHashMap<>();
    try (EmulatorProcess emulator = EmulatorProcess.start(mib << 20)) {
      for (String client : clients) {
        heaps.put(client, smallestHeap(client, emulator.rest(), emulator.grpc(), mib << 20));
      }
    }
    System.out.printf(Locale.ROOT, "image: %d MiB (about %d MiB of base64 over REST)%n", mib, mib * 4 / 3);
    heaps.forEach((client, min) -> System.out.printf(Locale.ROOT, "RESULT %-16s %s%n", client,
        min < 0 ? "fails even at 1024 MiB" : min + " MiB"));
  }

  private static int smallestHeap(String client, URI rest, URI grpc, int bytes) throws Exception {
    if (client.equals("rest-sink")) {
      return HeapBisection.smallestHeapMib(512, List.of(), RestImageHeapRun.class,
          List.of("--receive", rest.toString(), Integer.toString(bytes)));
    }
    return HeapBisection.smallestHeapMib(512, List.of(), LargeImageHeapRun.class,
        List.of("--receive", client, rest.toString(), grpc.toString(), Integer.toString(bytes)));
  }

  /** One read streamed into a file in this JVM; exit code 0 when the whole image arrived. */
  private static int receiveToSink(URI rest, int bytes) {
    try {
      Path file = Files.createTempFile("yandexart-bench", ".jpeg");
      try (ImageGenerator generator = ImageGenerators.create(ClientConfig.builder()
          .credentials(Credentials.apiKey("bench"))
          .transport("rest")
          .endpoint(rest)
          .build())) {
        String id = generator.submit(ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a big cat"))
            .get(60, TimeUnit.SECONDS).id();
        GeneratedImage image = generator.getOperation(id,
                CallOptions.defaults().withImageSink((operationId, mimeType) -> Files.newOutputStream(file)))
            .get(60, TimeUnit.SECONDS).image().orElseThrow();
        return image.isStreamed() && image.size() == bytes && Files.size(file) == bytes ? 0 : 2;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (Exception e) {
      return 1;
    }
  }
}
