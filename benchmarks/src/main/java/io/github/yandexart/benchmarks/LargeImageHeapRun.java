package io.github.yandexart.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageGenerators;
import io.github.yandexart.ModelUri;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * How much heap receiving one 16 MiB image takes: for each client (the SDK's REST and gRPC transports,
 * and the raw baseline: the JDK's HttpClient reading the body as a String, Jackson's tree, Base64),
 * the smallest {@code -Xmx} with which a fresh JVM receives and decodes the image, found by bisection
 * against an emulator in another process (so the server's own buffers are not counted). An "idle" row
 * gives the same figure for a JVM that only starts the client, for comparison.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.LargeImageHeapRun [MiB [clients]]}
 * where clients is a comma-separated subset of {@code idle,rest,grpc,raw-http}.
 */
public final class LargeImageHeapRun {
  private LargeImageHeapRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve(Integer.parseInt(args[1]));
      return;
    }
    if (args.length > 0 && args[0].equals("--receive")) {
      System.exit(receive(args[1], URI.create(args[2]), URI.create(args[3]), Integer.parseInt(args[4])));
      return;
    }
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    Process server = java(List.of("-Xmx1g"), "--serve", Integer.toString(mib << 20)).start();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      URI rest = URI.create(lines.readLine());
      URI grpc = URI.create(lines.readLine());
      System.out.printf(Locale.ROOT, "image: %d MiB (about %d MiB of base64 over REST)%n", mib, mib * 4 / 3);
      System.out.printf(Locale.ROOT, "%-10s %s%n", "client", "smallest -Xmx that receives it");
      List<String> clients = args.length > 1 ? List.of(args[1].split(",")) : List.of("idle", "rest", "grpc", "raw-http");
      for (String client : clients) {
        int min = smallestHeap(client, rest, grpc, mib << 20);
        System.out.printf(Locale.ROOT, "%-10s %s%n", client, min < 0 ? "fails even at 1024 MiB" : min + " MiB");
      }
    } finally {
      server.getOutputStream().close();
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int smallestHeap(String client, URI rest, URI grpc, int bytes) throws Exception {
    int low = 4;
    int high = 1024;
    if (!succeeds(client, high, rest, grpc, bytes)) {
      return -1;
    }
    while (high - low > 2) {
      int mid = (low + high) / 2;
      if (succeeds(client, mid, rest, grpc, bytes)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  private static boolean succeeds(String client, int heapMib, URI rest, URI grpc, int bytes) throws Exception {
    Process p = java(List.of("-Xmx" + heapMib + "m", "-Xms" + Math.min(heapMib, 8) + "m", "-XX:+UseSerialGC"),
        "--receive", client, rest.toString(), grpc.toString(), Integer.toString(bytes))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }

  private static ProcessBuilder java(List<String> jvmArgs, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LargeImageHeapRun.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  /** The emulator side: every operation finishes on its first read with the big image. */
  private static void serve(int bytes) throws IOException {
    byte[] image = new byte[bytes];
    new Random(1).nextBytes(image);
    image[0] = (byte) 0xff;
    image[1] = (byte) 0xd8;
    image[2] = (byte) 0xff;
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build()).build().start()) {
      emulator.store().setDefaultOutcome(Outcome.succeedAfterReads(1).withImage(GeneratedImage.wrap(image, "")));
      System.out.println(emulator.restEndpoint());
      System.out.println(emulator.grpcEndpoint());
      System.out.flush();
      while (System.in.read() != -1) {
        // serve until the parent closes our stdin
      }
    }
  }

  /** One receive in this JVM; exit code 0 when the image arrived whole. */
  private static int receive(String client, URI rest, URI grpc, int bytes) {
    try {
      ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gbench"), "a big cat");
      if (client.equals("raw-http")) {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"modelUri\":\"art://b1gbench/yandex-art/latest\",\"messages\":[{\"text\":\"a big cat\",\"weight\":\"1\"}]}";
        String submitted = http.send(HttpRequest.newBuilder(rest.resolve("/foundationModels/v1/imageGenerationAsync"))
            .header("Authorization", "Api-Key bench").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        // Jackson refuses strings over 20,000,000 chars by default, and 16 MiB of base64 is more:
        // a hand-rolled client has to lift the limit.
        ObjectMapper json = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build())
            .build());
        String id = json.readTree(submitted).get("id").asText();
        String read = http.send(HttpRequest.newBuilder(rest.resolve("/operations/" + id))
            .header("Authorization", "Api-Key bench").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        byte[] image = Base64.getDecoder().decode(json.readTree(read).get("response").get("image").asText());
        return image.length == bytes ? 0 : 2;
      }
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
}
