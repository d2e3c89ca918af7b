package io.github.yandexart.testkit;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws the fake's images: a real JPEG (or PNG when the request asks for {@code image/png}) whose
 * width:height follows the aspect ratio at about 1024×1024 pixels (1:1 is exactly 1024×1024), and
 * whose bytes are a pure function of the prompt, the seed and the options. {@link #small()} draws
 * at about 64×64 so tests stay fast.
 */
public final class ImageRenderer {
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

  /** The width and height an image for {@code ratio} gets. */
  public int[] size(AspectRatio ratio) {
    double r = (double) ratio.widthRatio() / ratio.heightRatio();
    int w = (int) Math.max(1, Math.round(side * Math.sqrt(r)));
    int h = (int) Math.max(1, Math.round(side / Math.sqrt(r)));
    return new int[] {w, h};
  }

  /** The image for {@code request}. */
  public GeneratedImage render(ImageGenerationRequest request) {
    AspectRatio ratio = request.options().aspectRatio().orElse(AspectRatio.SQUARE);
    int[] size = size(ratio);
    boolean png = request.options().mimeType().map("image/png"::equalsIgnoreCase).orElse(false);
    Random random = new Random(fingerprint(request));
    BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, color(random), size[0], size[1], color(random)));
      g.fillRect(0, 0, size[0], size[1]);
      int shapes = 3 + random.nextInt(5);
      for (int i = 0; i < shapes; i++) {
        g.setColor(color(random));
        int d = Math.max(2, (int) (Math.min(size[0], size[1]) * (0.1 + 0.4 * random.nextDouble())));
        g.fillOval(random.nextInt(Math.max(1, size[0])) - d / 2, random.nextInt(Math.max(1, size[1])) - d / 2, d, d);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size[0] * size[1] / 4);
    try {
      if (!ImageIO.write(image, png ? "png" : "jpeg", out)) {
        throw new IllegalStateException("this JDK has no ImageIO writer for " + (png ? "PNG" : "JPEG"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return GeneratedImage.wrap(out.toByteArray(), FakeImageGenerator.MODEL_VERSION);
  }

  private static Color color(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }

  private static long fingerprint(ImageGenerationRequest request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Message m : request.messages()) {
        sha.update(m.text().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Double.toString(m.weight()).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
      }
      sha.update(request.options().toString().getBytes(StandardCharsets.UTF_8));
      byte[] d = sha.digest();
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
