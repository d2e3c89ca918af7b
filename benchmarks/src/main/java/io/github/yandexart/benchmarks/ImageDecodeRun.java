package io.github.yandexart.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.Operation;
import io.github.yandexart.rest.internal.WireJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How long turning a finished operation's REST body with an image of N MiB (default 16) into bytes
 * takes: the REST transport's reader ({@code WireJson.readOperation}, the JSON parsed and the base64
 * decoded) beside {@code Base64.getDecoder().decode(String)} of the base64 alone and Jackson's
 * streaming {@code getBinaryValue()} over the same body. Medians over interleaved rounds after a
 * warm-up, in this JVM; the ratio is the median of the per-round ratios.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.github.yandexart.benchmarks.ImageDecodeRun [MiB [rounds]]}
 */
public final class ImageDecodeRun {
  private ImageDecodeRun() {}

  /** Median milliseconds of each way, and the median of the per-round ratios SDK / Base64. */
  static final class Result {
    final double sdkMillis;
    final double base64Millis;
    final double jacksonMillis;
    final double ratio;

    Result(double sdkMillis, double base64Millis, double jacksonMillis, double ratio) {
      this.sdkMillis = sdkMillis;
      this.base64Millis = base64Millis;
      this.jacksonMillis = jacksonMillis;
      this.ratio = ratio;
    }
  }

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Result r = run(mib, rounds);
    System.out.printf(Locale.ROOT, "%d MiB image over REST, median of %d: SDK %.1f ms, Base64.decode(String) %.1f ms"
        + " (%.2fx, median of per-round ratios), Jackson getBinaryValue %.1f ms%n", mib, rounds, r.sdkMillis,
        r.base64Millis, r.ratio, r.jacksonMillis);
  }

  static Result run(int mib, int rounds) throws IOException {
    GeneratedImage image = EmulatorProcess.randomJpeg(mib << 20);
    String base64 = Base64.getEncoder().encodeToString(image.bytes());
    byte[] body = operationBody(image.bytes());
    WireJson wire = new WireJson(Long.MAX_VALUE);
    LongSupplier sdk = () -> {
      try {
        Operation op = wire.readOperation(new ByteArrayInputStream(body));
        return op.image().orElseThrow().size();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    LongSupplier plain = () -> Base64.getDecoder().decode(base64).length;
    LongSupplier jackson = () -> {
      try {
        return RawRest.image(body).length;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    long expected = mib << 20;
    LongSupplier[] ways = {sdk, plain, jackson};
    for (int i = 0; i < 10; i++) {
      for (LongSupplier way : ways) {
        check(way.getAsLong(), expected);
      }
    }
    // interleaved rounds, so that a change in the machine's load hits every way of a round alike
    double[][] millis = new double[ways.length][rounds];
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      for (int w = 0; w < ways.length; w++) {
        long t0 = System.nanoTime();
        long size = ways[w].getAsLong();
        millis[w][round] = (System.nanoTime() - t0) / 1e6;
        check(size, expected);
      }
      ratios[round] = millis[0][round] / millis[1][round];
    }
    return new Result(Stats.median(millis[0]), Stats.median(millis[1]), Stats.median(millis[2]),
        Stats.median(ratios));
  }

  /** A done operation as the service's REST gateway writes it. */
  static byte[] operationBody(byte[] image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.length * 4 / 3 + 1024);
    try (JsonGenerator g = RawRest.JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", "fbvbench0000000000000");
      g.writeStringField("description", "");
      g.writeStringField("createdAt", "2026-01-01T00:00:00Z");
      g.writeStringField("createdBy", "bench");
      g.writeStringField("modifiedAt", "2026-01-01T00:00:10Z");
      g.writeBooleanField("done", true);
      g.writeNullField("metadata");
      g.writeObjectFieldStart("response");
      g.writeStringField("@type",
          "type.googleapis.com/yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationResponse");
      g.writeFieldName("image");
      g.writeBinary(image);
      g.writeStringField("modelVersion", "");
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void check(long size, long expected) {
    if (size != expected) {
      throw new IllegalStateException("decoded " + size + " bytes, expected " + expected);
    }
  }
}
