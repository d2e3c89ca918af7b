package io.github.yandexart.benchmarks;

import com.google.protobuf.ByteString;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC side of {@link LargeImageHeapRun}: the smallest {@code -Xmx} with which a fresh JVM (Serial
 * GC) receives one image of N MiB (default 16) over gRPC, found by bisection against the emulator in
 * another process. Clients: {@code idle} (builds the SDK's gRPC generator only), {@code sdk} (the
 * image as a {@link GeneratedImage} in memory), {@code sdk-sink} (the image streamed into a file
 * through {@link CallOptions#withImageSink}), {@code raw} (grpc-java's blocking stub, the image as the
 * unpacked {@code ByteString}).
 *
 * <p>Netty gathers a message's frames whole before any marshaller sees it, in direct buffers, whose
 * limit is by default the heap's: so each client is measured twice, with the JVM's default direct
 * memory limit (what a user gets) and with {@code -XX:MaxDirectMemorySize=256m} (the heap alone).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.GrpcImageHeapRun [MiB [clients]]}
 */
public final class GrpcImageHeapRun {
  static final List<String> CLIENTS = List.of("idle", "sdk", "sdk-sink", "raw");

  private GrpcImageHeapRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--receive")) {
      System.exit(receive(args[1], URI.create(args[2]), Integer.parseInt(args[3])));
      return;
    }
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    List<String> clients = args.length > 1 ? List.of(args[1].split(",")) : CLIENTS;
    System.out.printf(Locale.ROOT, "image: %d MiB over gRPC%n%-10s %-28s %s%n", mib, "client",
        "smallest -Xmx (default direct)", "smallest -Xmx (direct 256m)");
    try (EmulatorProcess emulator = EmulatorProcess.start(mib << 20)) {
      for (String client : clients) {
        int plain = smallestHeap(client, emulator.grpc(), mib << 20, null);
        int direct = smallestHeap(client, emulator.grpc(), mib << 20, "-XX:MaxDirectMemorySize=256m");
        System.out.printf(Locale.ROOT, "%-10s %-28s %s%n", client, plain + " MiB", direct + " MiB");
      }
    }
  }

  private static int smallestHeap(String client, URI grpc, int bytes, String extra) throws Exception {
    return HeapBisection.smallestHeapMib(512, extra == null ? List.of() : List.of(extra), GrpcImageHeapRun.class,
        List.of("--receive", client, grpc.toString(), Integer.toString(bytes)));
  }

  /** One receive in this JVM; exit code 0 when the image arrived whole. */
  private static int receive(String client, URI grpc, int bytes) {
    try {
      if (client.equals("raw")) {
        try (RawGrpc raw = new RawGrpc(grpc)) {
          ByteString image = raw.blockingSubmitThenGet();
          return image.size() == bytes ? 0 : 2;
        }
      }
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a big cat");
      try (ImageGenerator generator = ImageGenerators.create(ClientConfig.builder()
          .credentials(Credentials.apiKey("bench"))
          .transport("grpc")
          .endpoint(grpc)
          .build())) {
        if (client.equals("idle")) {
          return 0;
        }
        String id = generator.submit(request).get(60, TimeUnit.SECONDS).id();
        if (client.equals("sdk")) {
          GeneratedImage image = generator.getOperation(id).get(60, TimeUnit.SECONDS).image().orElseThrow();
          return image.size() == bytes ? 0 : 2;
        }
        Path file = Files.createTempFile("yandexart-bench", ".jpeg");
        try {
          CallOptions options = CallOptions.defaults()
              .withImageSink((operationId, mimeType) -> Files.newOutputStream(file));
          GeneratedImage image = generator.getOperation(id, options).get(60, TimeUnit.SECONDS).image().orElseThrow();
          return image.size() == bytes && Files.size(file) == bytes ? 0 : 2;
        } finally {
          Files.deleteIfExists(file);
        }
      }
    } catch (Throwable e) {
      System.err.println(e); // the parent discards it; useful when running --receive by hand
      return 1;
    }
  }
}
