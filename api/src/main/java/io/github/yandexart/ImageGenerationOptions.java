package io.github.yandexart;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How to render: MIME type, seed and aspect ratio. Each is optional; an unset option is left out of
 * the request and the service uses its default (JPEG, a random seed, 1:1).
 *
 * <pre>{@code
 * ImageGenerationOptions.builder().seed(42).aspectRatio(AspectRatio.of(16, 9)).build();
 * }</pre>
 */
public final class ImageGenerationOptions {
  private static final ImageGenerationOptions DEFAULTS = builder().build();
  private static final Pattern MIME_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");

  private final String mimeType;
  private final Long seed;
  private final AspectRatio aspectRatio;

  private ImageGenerationOptions(Builder b) {
    this.mimeType = b.mimeType;
    this.seed = b.seed;
    this.aspectRatio = b.aspectRatio;
  }

  /** No option set: the service's defaults. */
  public static ImageGenerationOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.mimeType = mimeType;
    b.seed = seed;
    b.aspectRatio = aspectRatio;
    return b;
  }

  /** The requested MIME type, such as {@code image/jpeg} (the only one the service supports today). */
  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  /** The seed; absent (or 0 on the wire) means random. The same prompt and seed give the same image. */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  public Optional<AspectRatio> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImageGenerationOptions)) {
      return false;
    }
    ImageGenerationOptions other = (ImageGenerationOptions) o;
    return Objects.equals(mimeType, other.mimeType)
        && Objects.equals(seed, other.seed)
        && Objects.equals(aspectRatio, other.aspectRatio);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mimeType, seed, aspectRatio);
  }

  @Override
  public String toString() {
    return "ImageGenerationOptions{mimeType=" + mimeType + ", seed=" + seed
        + ", aspectRatio=" + aspectRatio + "}";
  }

  /** Builds {@link ImageGenerationOptions}; not thread-safe. */
  public static final class Builder {
    private String mimeType;
    private Long seed;
    private AspectRatio aspectRatio;

    private Builder() {}

    /** A MIME type of the form {@code type/subtype}; {@code null} unsets it. */
    public Builder mimeType(String mimeType) {
      if (mimeType != null && !MIME_TYPE.matcher(mimeType).matches()) {
        throw new IllegalArgumentException(
            "MIME type \"" + mimeType + "\" is malformed: write type/subtype, such as image/jpeg");
      }
      this.mimeType = mimeType;
      return this;
    }

    /** A seed from 0 to 2^63-1; 0 asks for a random one. */
    public Builder seed(long seed) {
      if (seed < 0) {
        throw new IllegalArgumentException(
            "seed " + seed + " is negative: use a number from 0 to " + Long.MAX_VALUE);
      }
      this.seed = seed;
      return this;
    }

    /** Unsets the seed: the service picks a random one. */
    public Builder randomSeed() {
      this.seed = null;
      return this;
    }

    /** The aspect ratio; {@code null} unsets it. */
    public Builder aspectRatio(AspectRatio aspectRatio) {
      this.aspectRatio = aspectRatio;
      return this;
    }

    public ImageGenerationOptions build() {
      return new ImageGenerationOptions(this);
    }
  }
}
