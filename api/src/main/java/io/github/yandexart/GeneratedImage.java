package io.github.yandexart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a finished generation: the image bytes, their MIME type (read from the bytes'
 * signature), the model version when the service says it, and the id of the operation that made
 * it (set when the image came out of an {@link Operation}), so a result can be traced and logged.
 * Two images are equal when their bytes and model versions are.
 *
 * <p>A <em>streamed</em> image ({@link #isStreamed()}) is what a call with an {@link ImageSink}
 * returns: its bytes went to the sink, so it knows its size, MIME type, model version and operation
 * id but holds no bytes; {@link #bytes()}, {@link #inputStream()} and {@link #writeTo(Path)} throw
 * {@link IllegalStateException} on it. Two streamed images are equal when their sizes, MIME types and
 * model versions are.
 */
public final class GeneratedImage {
  /** The bytes, in order: the first {@code lengths[i]} bytes of each block; null when streamed. */
  private final byte[][] blocks;
  private final int[] lengths;
  private final int length;
  private final String mimeType;
  private final String modelVersion;
  private final String operationId;

  private GeneratedImage(byte[][] blocks, int[] lengths, int length, String modelVersion) {
    this.blocks = blocks;
    this.lengths = lengths;
    this.length = length;
    this.mimeType = sniff(head(blocks, lengths), Math.min(length, 8));
    this.modelVersion = modelVersion == null || modelVersion.isEmpty() ? null : modelVersion;
    this.operationId = null;
  }

  private GeneratedImage(int length, String mimeType, String modelVersion) {
    this.blocks = null;
    this.lengths = null;
    this.length = length;
    this.mimeType = mimeType;
    this.modelVersion = modelVersion == null || modelVersion.isEmpty() ? null : modelVersion;
    this.operationId = null;
  }

  private GeneratedImage(GeneratedImage image, String operationId) {
    this.blocks = image.blocks;
    this.lengths = image.lengths;
    this.length = image.length;
    this.mimeType = image.mimeType;
    this.modelVersion = image.modelVersion;
    this.operationId = operationId;
  }

  /** An image of these bytes (copied); an empty or null model version means the service gave none. */
  public static GeneratedImage of(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return wrap(bytes.clone(), bytes.length, modelVersion);
  }

  /**
   * Like {@link #of} but takes ownership of {@code bytes} without copying; for transports that have
   * just decoded a large image. The caller must not touch the array afterwards.
   */
  public static GeneratedImage wrap(byte[] bytes, String modelVersion) {
    Objects.requireNonNull(bytes, "bytes");
    return wrap(bytes, bytes.length, modelVersion);
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
    return new GeneratedImage(new byte[][] {bytes}, new int[] {length}, length, modelVersion);
  }

  /**
   * Like {@link #wrap(byte[], String)} for an image decoded into several arrays, in order, of which
   * the first {@code lengths[i]} bytes of {@code blocks.get(i)} belong to the image: a transport that
   * did not know the size beforehand need not join them (which would hold the image twice).
   */
  public static GeneratedImage wrap(List<byte[]> blocks, int[] lengths, String modelVersion) {
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(lengths, "lengths");
    if (blocks.size() != lengths.length) {
      throw new IllegalArgumentException(blocks.size() + " blocks and " + lengths.length + " lengths");
    }
    byte[][] held = blocks.toArray(new byte[0][]);
    long total = 0;
    for (int i = 0; i < held.length; i++) {
      Objects.requireNonNull(held[i], "blocks");
      if (lengths[i] < 0 || lengths[i] > held[i].length) {
        throw new IllegalArgumentException("length " + lengths[i] + " is outside block " + i + " of "
            + held[i].length + " bytes");
      }
      total += lengths[i];
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("the blocks hold " + total + " bytes, more than an image can");
    }
    return new GeneratedImage(held, lengths.clone(), (int) total, modelVersion);
  }

  /**
   * An image of {@code size} bytes that were written to an {@link ImageSink}, not held; for
   * transports (and {@link io.github.yandexart.spi.ImageSinkWriter}, which makes them).
   *
   * @param mimeType what {@link #mimeTypeOf} said of the image's first bytes
   */
  public static GeneratedImage streamed(int size, String mimeType, String modelVersion) {
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " is negative");
    }
    Objects.requireNonNull(mimeType, "mimeType");
    return new GeneratedImage(size, mimeType, modelVersion);
  }

  /**
   * The MIME type of an image that starts with the first {@code length} bytes of {@code head}:
   * {@code image/jpeg}, {@code image/png}, or {@code application/octet-stream}. Eight bytes are
   * enough to tell.
   */
  public static String mimeTypeOf(byte[] head, int length) {
    Objects.requireNonNull(head, "head");
    return sniff(head, Math.min(length, head.length));
  }

  /**
   * Whether the bytes went to an {@link ImageSink} instead of being held; then only the size, MIME
   * type, model version and operation id are known.
   */
  public boolean isStreamed() {
    return blocks == null;
  }

  /**
   * A copy of the image bytes.
   *
   * @throws IllegalStateException when the image was {@linkplain #isStreamed() streamed} to a sink
   */
  public byte[] bytes() {
    held();
    if (blocks.length == 1) {
      return Arrays.copyOf(blocks[0], length);
    }
    byte[] all = new byte[length];
    int at = 0;
    for (int i = 0; i < blocks.length; i++) {
      System.arraycopy(blocks[i], 0, all, at, lengths[i]);
      at += lengths[i];
    }
    return all;
  }

  /**
   * The image bytes as a stream, without copying them.
   *
   * @throws IllegalStateException when the image was {@linkplain #isStreamed() streamed} to a sink
   */
  public InputStream inputStream() {
    held();
    if (blocks.length == 1) {
      return new ByteArrayInputStream(blocks[0], 0, length);
    }
    List<InputStream> parts = new ArrayList<>(blocks.length);
    for (int i = 0; i < blocks.length; i++) {
      parts.add(new ByteArrayInputStream(blocks[i], 0, lengths[i]));
    }
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** The number of bytes of the image (also of a streamed one: how many were written to the sink). */
  public int size() {
    return length;
  }

  private void held() {
    if (blocks == null) {
      throw new IllegalStateException("the image" + (operationId == null ? "" : " of operation " + operationId)
          + " was written to an ImageSink (" + length + " bytes), not held in memory: read it from"
          + " where the sink put it");
    }
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

  /**
   * Writes the image to {@code file}, replacing it, and returns the file.
   *
   * @throws IllegalStateException when the image was {@linkplain #isStreamed() streamed} to a sink
   */
  public Path writeTo(Path file) {
    held();
    try {
      try (var out = Files.newOutputStream(file)) {
        for (int i = 0; i < blocks.length; i++) {
          out.write(blocks[i], 0, lengths[i]);
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the image to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first (up to) 8 bytes of a held image, across its blocks (for its MIME type). */
  private static byte[] head(byte[][] blocks, int[] lengths) {
    byte[] head = new byte[8];
    int n = 0;
    for (int i = 0; i < blocks.length && n < head.length; i++) {
      int take = Math.min(lengths[i], head.length - n);
      System.arraycopy(blocks[i], 0, head, n, take);
      n += take;
    }
    return head;
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
    if (!(o instanceof GeneratedImage)) {
      return false;
    }
    GeneratedImage other = (GeneratedImage) o;
    if (isStreamed() || other.isStreamed()) {
      return isStreamed() && other.isStreamed() && length == other.length
          && mimeType.equals(other.mimeType) && Objects.equals(other.modelVersion, modelVersion);
    }
    return sameBytes(this, other) && Objects.equals(other.modelVersion, modelVersion);
  }

  /** Whether two held images have the same bytes, however each is split into blocks. */
  private static boolean sameBytes(GeneratedImage a, GeneratedImage b) {
    if (a.length != b.length) {
      return false;
    }
    int ai = 0;
    int at = 0;
    int bi = 0;
    int bt = 0;
    for (int left = a.length; left > 0; ) {
      while (at == a.lengths[ai]) {
        ai++;
        at = 0;
      }
      while (bt == b.lengths[bi]) {
        bi++;
        bt = 0;
      }
      int n = Math.min(a.lengths[ai] - at, b.lengths[bi] - bt);
      if (!Arrays.equals(a.blocks[ai], at, at + n, b.blocks[bi], bt, bt + n)) {
        return false;
      }
      at += n;
      bt += n;
      left -= n;
    }
    return true;
  }

  @Override
  public int hashCode() {
    if (blocks == null) {
      return Objects.hash(length, mimeType, modelVersion);
    }
    int h = 1;
    for (int i = 0; i < blocks.length; i++) {
      byte[] block = blocks[i];
      for (int k = 0; k < lengths[i]; k++) {
        h = 31 * h + block[k];
      }
    }
    return h * 31 + Objects.hashCode(modelVersion);
  }

  @Override
  public String toString() {
    return "GeneratedImage{" + mimeType + ", " + length + " bytes" + (blocks == null ? " (streamed)" : "")
        + (modelVersion == null ? "" : ", modelVersion=" + modelVersion)
        + (operationId == null ? "" : ", operationId=" + operationId) + "}";
  }
}
