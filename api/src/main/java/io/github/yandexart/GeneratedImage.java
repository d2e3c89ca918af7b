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
 * signature), the model version when the service says it, and the id of the operation that made
 * it (set when the image came out of an {@link Operation}), so a result can be traced and logged.
 * Two images are equal when their bytes and model versions are.
 */
public final class GeneratedImage {
  private final byte[] bytes;
  private final int length;
  private final String mimeType;
  private final String modelVersion;
  private final String operationId;

  private GeneratedImage(byte[] bytes, int length, String modelVersion) {
    this.bytes = bytes;
    this.length = length;
    this.mimeType = sniff(bytes, length);
    this.modelVersion = modelVersion == null || modelVersion.isEmpty() ? null : modelVersion;
    this.operationId = null;
  }

  private GeneratedImage(GeneratedImage image, String operationId) {
    this.bytes = image.bytes;
    this.length = image.length;
    this.mimeType = image.mimeType;
    this.modelVersion = image.modelVersion;
    this.operationId = operationId;
  }

  /** An image of these bytes (copied); an empty or null model version means the service gave none. */
  public static GeneratedImage of(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return new GeneratedImage(bytes.clone(), bytes.length, modelVersion);
  }

  /**
   * Like {@link #of} but takes ownership of {@code bytes} without copying; for transports that have
   * just decoded a large image. The caller must not touch the array afterwards.
   */
  public static GeneratedImage wrap(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return new GeneratedImage(bytes, bytes.length, modelVersion);
  }

  /**
   * Like {@link #wrap(byte[], String)} for the first {@code length} bytes of {@code bytes}: a
   * transport that decoded into a buffer sized by an estimate need not copy it to trim it.
   */
  public static GeneratedImage wrap(byte[] bytes, int length, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException("length " + length + " is outside the array of " + bytes.length);
    }
    return new GeneratedImage(bytes, length, modelVersion);
  }

  /** A copy of the image bytes. */
  public byte[] bytes() {
    return Arrays.copyOf(bytes, length);
  }

  /** The image bytes as a stream, without copying them. */
  public InputStream inputStream() {
    return new ByteArrayInputStream(bytes, 0, length);
  }

  public int size() {
    return length;
  }

  /** {@code image/jpeg}, {@code image/png}, or {@code application/octet-stream} if neither. */
  public String mimeType() {
    return mimeType;
  }

  /** The model version the service reported, if it did. */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  /**
   * The id of the operation that produced this image; present for every image taken from an {@link
   * Operation} (and so for every image a {@link YandexArtClient} returns).
   */
  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }

  /** This image (sharing its bytes, which never change) as the result of operation {@code operationId}. */
  public GeneratedImage withOperationId(String operationId) {
    Objects.requireNonNull(operationId, "operationId");
    return operationId.equals(this.operationId) ? this : new GeneratedImage(this, operationId);
  }

  /** Writes the image to {@code file}, replacing it, and returns the file. */
  public Path writeTo(Path file) {
    try {
      try (var out = Files.newOutputStream(file)) {
        out.write(bytes, 0, length);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the image to " + file + ": " + e.getMessage(), e);
    }
  }

  private static String sniff(byte[] b, int length) {
    if (length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    return "application/octet-stream";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedImage
        && Arrays.equals(((GeneratedImage) o).bytes, 0, ((GeneratedImage) o).length, bytes, 0, length)
        && Objects.equals(((GeneratedImage) o).modelVersion, modelVersion);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < length; i++) {
      h = 31 * h + bytes[i];
    }
    return h * 31 + Objects.hashCode(modelVersion);
  }

  @Override
  public String toString() {
    return "GeneratedImage{" + mimeType + ", " + length + " bytes"
        + (modelVersion == null ? "" : ", modelVersion=" + modelVersion)
        + (operationId == null ? "" : ", operationId=" + operationId) + "}";
  }
}
