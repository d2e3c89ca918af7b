package io.github.yandexart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a finished generation: the image bytes, their MIME type (read from the bytes'
 * signature) and the model version, when the service says it.
 */
public final class GeneratedImage {
  private final byte[] bytes;
  private final String mimeType;
  private final String modelVersion;

  private GeneratedImage(byte[] bytes, String modelVersion) {
    this.bytes = bytes;
    this.mimeType = sniff(bytes);
    this.modelVersion = modelVersion == null || modelVersion.isEmpty() ? null : modelVersion;
  }

  /** An image of these bytes (copied); an empty or null model version means the service gave none. */
  public static GeneratedImage of(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return new GeneratedImage(bytes.clone(), modelVersion);
  }

  /**
   * Like {@link #of} but takes ownership of {@code bytes} without copying; for transports that have
   * just decoded a large image. The caller must not touch the array afterwards.
   */
  public static GeneratedImage wrap(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return new GeneratedImage(bytes, modelVersion);
  }

  /** A copy of the image bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The image bytes as a stream, without copying them. */
  public InputStream inputStream() {
    return new ByteArrayInputStream(bytes);
  }

  public int size() {
    return bytes.length;
  }

  /** {@code image/jpeg}, {@code image/png}, or {@code application/octet-stream} if neither. */
  public String mimeType() {
    return mimeType;
  }

  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  /** Writes the image to {@code file}, replacing it, and returns the file. */
  public Path writeTo(Path file) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the image to " + file + ": " + e.getMessage(), e);
    }
  }

  private static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    return "application/octet-stream";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedImage
        && Arrays.equals(((GeneratedImage) o).bytes, bytes)
        && Objects.equals(((GeneratedImage) o).modelVersion, modelVersion);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + Objects.hashCode(modelVersion);
  }

  @Override
  public String toString() {
    return "GeneratedImage{" + mimeType + ", " + bytes.length + " bytes"
        + (modelVersion == null ? "" : ", modelVersion=" + modelVersion) + "}";
  }
}
