package io.github.yandexart.benchmarks;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * How much heap receiving one image of N MiB (default 16) takes: for each client, the smallest
 * {@code -Xmx} with which a fresh JVM (Serial GC) submits, reads the finished operation and holds the
 * image, found by bisection against the emulator in another process (so the server's buffers are not
 * counted). Clients: {@code idle} (a JVM that only builds the SDK's REST client), {@code rest} and
 * {@code grpc} (the SDK, the image as a {@link GeneratedImage}), {@code raw-apache} (Apache HttpClient
 * 5 streaming the body into Jackson's parser, the image decoded into a {@code byte[]}) and {@code
 * raw-apache-file} (the same, the base64 decoded straight into a file as it arrives).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.LargeImageHeapRun [MiB [clients]]}
 * where clients is a comma-separated subset of {@code idle,rest,grpc,raw-apache,raw-apache-file}.
 */
public final class LargeImageHeapRun {
  static final List<String> CLIENTS = List.of("idle", "rest", "grpc", "raw-apache", "raw-apache-file");

  private LargeImageHeapRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--receive")) {
      System.exit(receive(args[1], URI.create(args[2]), URI.create(args[3]), Integer.parseInt(args[4])));
      return;
    }
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    List<String> clients = args.length > 1 ? List.of(args[1].split(",")) : CLIENTS;
    System.out.printf(Locale.ROOT, "image: %d MiB (about %d MiB of base64 over REST)%n", mib, mib * 4 / 3);
    System.out.printf(Locale.ROOT, "%-16s %s%n", "client", "smallest -Xmx that receives it");
    run(mib, clients).forEach((client, min) -> System.out.printf(Locale.ROOT, "%-16s %s%n", client,
        min < 0 ? "fails even at 1024 MiB" : min + " MiB"));
  }

  /** The smallest heap in MiB for each client (-1: not even 1 GiB). */
  static Map<String, Integer> run(int mib, List<String> clients) throws Exception {
    Map<String, Integer> heaps = new LinkedHashMap<>();
    try (EmulatorProcess emulator = EmulatorProcess.start(mib << 20)) {
      for (String client : clients) {
        heaps.put(client, smallestHeap(client, emulator.rest(), emulator.grpc(), mib << 20));
      }
    }
    return heaps;
  }

  private static int smallestHeap(String client, URI rest, URI grpc, int bytes) throws Exception {
    return HeapBisection.smallestHeapMib(1024, List.of(), LargeImageHeapRun.class,
        List.of("--receive", client, rest.toString(), grpc.toString(), Integer.toString(bytes)));
  }

  /** One receive in this JVM; exit code 0 when the image arrived whole. */
  private static int receive(String client, URI rest, URI grpc, int bytes) {
    try {
      if (client.startsWith("raw-apache")) {
        return rawApache(client.equals("raw-apache-file"), rest) == bytes ? 0 : 2;
      }
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a big cat");
      URI endpoint = client.equals("grpc") ? grpc : rest;
      try (ImageGenerator generator = ImageGenerators.create(ClientConfig.builder()
          .credentials(Credentials.apiKey("bench"))
          .transport(client.equals("idle") ? "rest" : client)
          .endpoint(endpoint)
          .build())) {
        if (client.equals("idle")) {
          return 0;
        }
        String id = generator.submit(request).get(60, TimeUnit.SECONDS).id();
        GeneratedImage image = generator.getOperation(id).get(60, TimeUnit.SECONDS).image().orElseThrow();
        return image.size() == bytes ? 0 : 2;
      }
    } catch (Throwable e) {
      e.printStackTrace(System.err); // the parent discards it; useful when running --receive by hand
      return 1;
    }
  }

  /** Raw Apache HttpClient 5 (classic: the body is an InputStream) with Jackson streaming over it. */
  private static long rawApache(boolean toFile, URI rest) throws IOException {
    try (CloseableHttpClient http = HttpClients.createDefault()) {
      HttpPost post = new HttpPost(rest.resolve(RawRest.GENERATE_PATH));
      post.addHeader("Authorization", RawRest.AUTHORIZATION);
      post.setEntity(new ByteArrayEntity(RawRest.SUBMIT_BODY, ContentType.APPLICATION_JSON));
      String id = http.execute(post, r -> RawRest.operationId(r.getEntity().getContent().readAllBytes()));
      HttpGet get = new HttpGet(rest.resolve("/operations/" + id));
      get.addHeader("Authorization", RawRest.AUTHORIZATION);
      if (!toFile) {
        return http.execute(get, r -> RawRest.image(r.getEntity().getContent()).length);
      }
      Path file = Files.createTempFile("yandexart-bench", ".jpeg");
      try {
        return http.execute(get, r -> {
          try (OutputStream out = Files.newOutputStream(file)) {
            return RawRest.copyImage(r.getEntity().getContent(), out);
          }
        });
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }
}
