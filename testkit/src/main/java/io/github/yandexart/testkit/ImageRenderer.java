package io.github.yandexart.testkit;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws the fake's images: a real JPEG (or a PNG when the request asks for {@code image/png}; any
 * other MIME type gets a JPEG, as the service only makes those) whose width:height follows the aspect
 * ratio at about the pixel count of 1024×1024 (1:1 is exactly 1024×1024), and whose bytes are a pure
 * function of the prompt, the seed and the options. {@link #small()} draws at about 64×64 so tests
 * stay fast.
 *
 * <pre>{@code
 * GeneratedImage image = ImageRenderer.small().render(request);
 * ImageRenderer.Size size = ImageRenderer.fullSize().size(AspectRatio.of(16, 9));   // 1365×768
 * }</pre>
 *
 * <p>An absent seed is a seed like any other here: the same request always gives the same bytes,
 * where the service would pick a random seed. Extreme ratios are cut off at {@value #MAX_STRETCH}
 * times the square's side, so no side exceeds {@value #MAX_STRETCH}×1024 pixels.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageRenderer {
  /** How many times longer than the square's side a side may get for extreme aspect ratios. */
  public static final int MAX_STRETCH = 8;

  private static final ImageRenderer FULL = new ImageRenderer(1024);
  private static final ImageRenderer SMALL = new ImageRenderer(64);

  private final int side;

  private ImageRenderer(int side) {
    this.side = side;
  }

  /** Images of about 1024×1024 pixels, like the service's. */
  public static ImageRenderer fullSize() {
    return FULL;
  }

  /** Images of about 64×64 pixels: the same shapes, fast enough for thousands of tests. */
  public static ImageRenderer small() {
    return SMALL;
  }

  /**
   * Images of about {@code side}×{@code side} pixels (a demo needs fewer than the service's 1024).
   *
   * @throws IllegalArgumentException when {@code side} is not in 1..4096
   */
  public static ImageRenderer ofSide(int side) {
    if (side < 1 || side > 4096) {
      throw new IllegalArgumentException("side " + side + " is not in 1..4096");
    }
    return side == 1024 ? FULL : side == 64 ? SMALL : new ImageRenderer(side);
  }

  /** The width and height of an image. */
  public record Size(int width, int height) {
    @Override
    public String toString() {
      return width + "×" + height;
    }
  }

  /** The size an image for {@code ratio} gets: width:height as the ratio, pixel count about side². */
  public Size size(AspectRatio ratio) {
    double r = (double) ratio.widthRatio() / ratio.heightRatio();
    return new Size(clamp(side * Math.sqrt(r)), clamp(side / Math.sqrt(r)));
  }

  private int clamp(double length) {
    return (int) Math.max(1, Math.min((long) side * MAX_STRETCH, Math.round(length)));
  }

  /** The image for {@code request}. */
  public GeneratedImage render(ImageGenerationRequest request) {
    ImageGenerationOptions options = request.options();
    Size size = size(options.aspectRatio().orElse(AspectRatio.SQUARE));
    boolean png = options.mimeType().map("image/png"::equalsIgnoreCase).orElse(false);
    Random random = new Random(fingerprint(request));
    BufferedImage image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, color(random), size.width(), size.height(), color(random)));
      g.fillRect(0, 0, size.width(), size.height());
      int shapes = 3 + random.nextInt(5);
      for (int i = 0; i < shapes; i++) {
        g.setColor(color(random));
        int d = Math.max(2, (int) (Math.min(size.width(), size.height()) * (0.1 + 0.4 * random.nextDouble())));
        g.fillOval(random.nextInt(size.width()) - d / 2, random.nextInt(size.height()) - d / 2, d, d);
      }
    } finally {
      g.dispose();
    }
    return GeneratedImage.wrap(encode(image, png ? "png" : "jpeg", size), FakeImageGenerator.MODEL_VERSION);
  }

  /**
   * The image in {@code format}, with ImageIO's default settings, encoded in memory: {@code
   * ImageIO.write} would go through a temporary file (its default cache), byte by byte.
   */
  private static byte[] encode(BufferedImage image, String format, Size size) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no ImageIO writer for " + format.toUpperCase(Locale.ROOT));
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, size.width() * size.height() / 4));
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static Color color(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  /** 64 bits of SHA-256 over everything that decides the image: the messages and every option. */
  private static long fingerprint(ImageGenerationRequest request) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
    ByteBuffer numbers = ByteBuffer.allocate(8 * 4);
    for (Message m : request.messages()) {
      byte[] text = m.text().getBytes(StandardCharsets.UTF_8);
      sha.update(numbers.clear().putInt(text.length).flip());
      sha.update(text);
      sha.update(numbers.clear().putDouble(m.weight()).flip());
    }
    ImageGenerationOptions o = request.options();
    sha.update(o.mimeType().orElse("").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    numbers.clear()
        .putLong(o.seed().isPresent() ? 1 : 0)
        .putLong(o.seed().orElse(0))
        .putLong(o.aspectRatio().map(AspectRatio::widthRatio).orElse(0L))
        .putLong(o.aspectRatio().map(AspectRatio::heightRatio).orElse(0L));
    sha.update(numbers.flip());
    return ByteBuffer.wrap(sha.digest()).getLong();
  }
}
