package io.github.yandexart;

/**
 * The width-to-height ratio of the image, as two positive integers: {@code AspectRatio.of(16, 9)}.
 * The service keeps the pixel count near 1024×1024 and changes each side by at most about 10%.
 */
public final class AspectRatio {
  /** 1:1, the service's default. */
  public static final AspectRatio SQUARE = new AspectRatio(1, 1);

  private final long widthRatio;
  private final long heightRatio;

  private AspectRatio(long widthRatio, long heightRatio) {
    if (widthRatio < 1 || heightRatio < 1) {
      throw new IllegalArgumentException(
          "aspect ratio " + widthRatio + ":" + heightRatio
              + " has a part below 1: both parts must be positive integers, such as 16:9");
    }
    this.widthRatio = widthRatio;
    this.heightRatio = heightRatio;
  }

  public static AspectRatio of(long widthRatio, long heightRatio) {
    return new AspectRatio(widthRatio, heightRatio);
  }

  /** Parses {@code "W:H"}, such as {@code "16:9"}. */
  public static AspectRatio parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "aspect ratio \"" + text + "\" is not of the form W:H, such as 16:9");
    }
    try {
      return of(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "aspect ratio \"" + text + "\" is not two whole numbers W:H, such as 16:9", e);
    }
  }

  public long widthRatio() {
    return widthRatio;
  }

  public long heightRatio() {
    return heightRatio;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AspectRatio
        && ((AspectRatio) o).widthRatio == widthRatio
        && ((AspectRatio) o).heightRatio == heightRatio;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(widthRatio) * 31 + Long.hashCode(heightRatio);
  }

  @Override
  public String toString() {
    return widthRatio + ":" + heightRatio;
  }
}
