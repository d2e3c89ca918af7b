package io.github.yandexart.benchmarks;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.emulator.YandexArtEmulator;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.github.yandexart.testkit.Outcome;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a JVM of its own on loopback, so the server's threads, heap and CPU are not the
 * client's. {@link #start(int)} launches {@link #main} with {@code ProcessBuilder}; the child prints its
 * REST and gRPC endpoints on stdout and serves until its stdin closes. Scripted over the emulator's
 * admin routes ({@code /_emulator/reset}, {@code /_emulator/outcomes}).
 */
final class EmulatorProcess implements AutoCloseable {
  private final Process process;
  private final URI rest;
  private final URI grpc;

  private EmulatorProcess(Process process, URI rest, URI grpc) {
    this.process = process;
    this.rest = rest;
    this.grpc = grpc;
  }

  /**
   * Starts an emulator whose operations finish on their first read with a small image, or with an
   * image of {@code imageBytes} random bytes when that is positive.
   */
  static EmulatorProcess start(int imageBytes) {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.add("-Xmx1g");
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EmulatorProcess.class.getName());
    cmd.add(Integer.toString(imageBytes));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String rest = lines.readLine();
      String grpc = lines.readLine();
      if (rest == null || grpc == null) {
        p.destroyForcibly();
        throw new IllegalStateException("the emulator process printed no endpoints");
      }
      return new EmulatorProcess(p, URI.create(rest), URI.create(grpc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CPU time the emulator process has used so far, in nanoseconds (0 where the OS does not say). */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  URI rest() {
    return rest;
  }

  URI grpc() {
    return grpc;
  }

  /** The admin routes of this emulator. */
  EmulatorAdmin admin() {
    return new EmulatorAdmin(rest);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: {@code EmulatorProcess [imageBytes]}. */
  public static void main(String[] args) throws IOException {
    int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    InMemoryOperationStore store = InMemoryOperationStore.builder().smallImages(true)
        .defaultOutcome(bytes > 0 ? Outcome.succeedAfterReads(1).withImage(randomJpeg(bytes)) : Outcome.succeedAfterReads(1))
        .build();
    try (YandexArtEmulator emulator = YandexArtEmulator.builder().store(store).build().start()) {
      System.out.println(emulator.restEndpoint());
      System.out.println(emulator.grpcEndpoint());
      System.out.flush();
      while (System.in.read() != -1) {
        // serve until the parent closes our stdin
      }
    }
  }

  /** Random bytes behind a JPEG start-of-image marker: the size is what matters, not the picture. */
  static GeneratedImage randomJpeg(int bytes) {
    byte[] image = new byte[bytes];
    new Random(1).nextBytes(image);
    image[0] = (byte) 0xff;
    image[1] = (byte) 0xd8;
    image[2] = (byte) 0xff;
    return GeneratedImage.wrap(image, "");
  }
}
