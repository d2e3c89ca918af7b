package io.github.yandexart.spi;

import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Operation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes one image into an {@link ImageSink} as its bytes arrive, for transports that stream: it
 * keeps the first bytes until it can tell the MIME type, opens the sink then (once), passes the rest
 * straight through, counts them, and {@link #finish} closes the sink's stream and returns the
 * {@linkplain GeneratedImage#isStreamed() streamed} image to put in the {@link Operation}.
 *
 * <pre>{@code
 * ImageSinkWriter writer = new ImageSinkWriter(options.imageSink().get(), operationId);
 * // for each decoded chunk:  writer.write(chunk, 0, n);
 * GeneratedImage image = writer.finish(modelVersion);      // or writer.abort() when the call fails
 * }</pre>
 *
 * <p>{@link #deliver} is the fallback for a reply whose image was held in memory: the client calls
 * it after every call made with a sink, so a transport that cannot stream may ignore the sink. Not
 * thread-safe; one writer per call.
 */
public final class ImageSinkWriter extends OutputStream {
  private static final int HEAD = 8;

  private final ImageSink sink;
  private final String operationId;
  private final byte[] head = new byte[HEAD];
  private int headLength;
  private OutputStream out;
  private String mimeType;
  private long size;
  private boolean ended;

  /** A writer for the image of {@code operationId}; nothing is opened until bytes come (or {@link #finish}). */
  public ImageSinkWriter(ImageSink sink, String operationId) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.operationId = Objects.requireNonNull(operationId, "operationId");
  }

  /**
   * {@code op} with its image written into the sink of {@code options}: as is when the options carry
   * no sink, when the reply has no image, or when the image is already {@linkplain
   * GeneratedImage#isStreamed() streamed}; otherwise the held bytes are written and the image
   * replaced by a streamed one.
   *
   * @throws UncheckedIOException when the sink fails
   */
  public static Operation deliver(Operation op, CallOptions options) {
    Optional<ImageSink> sink = options.imageSink();
    Optional<GeneratedImage> image = op.image();
    if (sink.isEmpty() || image.isEmpty() || image.get().isStreamed()) {
      return op;
    }
    ImageSinkWriter writer = new ImageSinkWriter(sink.get(), op.id());
    try {
      image.get().inputStream().transferTo(writer);
      return op.toBuilder().image(writer.finish(image.get().modelVersion().orElse(null))).build();
    } catch (IOException e) {
      writer.abort();
      throw writer.failure(e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (ended) {
      throw new IOException("the image of operation " + operationId + " is already finished");
    }
    if (out == null) {
      int n = Math.min(len, HEAD - headLength);
      System.arraycopy(b, off, head, headLength, n);
      headLength += n;
      off += n;
      len -= n;
      if (headLength < HEAD) {
        return;
      }
      open();
    }
    if (len > 0) {
      if (size + len > Integer.MAX_VALUE) {
        throw new IOException("the image of operation " + operationId + " is over 2 GiB");
      }
      out.write(b, off, len);
      size += len;
    }
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  /** Same as {@link #abort()} unless finished: a writer closed without {@link #finish} wrote no image. */
  @Override
  public void close() {
    if (!ended) {
      abort();
    }
  }

  /**
   * Ends the image: opens the sink if no byte came yet, closes its stream, and returns the streamed
   * image ({@link GeneratedImage#operationId()} set).
   *
   * @throws IOException when the sink fails
   */
  public GeneratedImage finish(String modelVersion) throws IOException {
    if (ended) {
      throw new IOException("the image of operation " + operationId + " is already finished");
    }
    if (out == null) {
      open();
    }
    ended = true;
    out.close();
    return GeneratedImage.streamed((int) size, mimeType, modelVersion).withOperationId(operationId);
  }

  /** Gives up: closes the sink's stream (if it was opened), ignoring its errors. */
  public void abort() {
    ended = true;
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the call already failed; its own error is the one to report
      }
    }
  }

  /** The bytes written so far. */
  public long size() {
    return size;
  }

  /** The exception a call fails with when this writer's sink failed with {@code e}. */
  public UncheckedIOException failure(IOException e) {
    return new UncheckedIOException("could not write the image of operation " + operationId
        + " to its ImageSink: " + e.getMessage(), e);
  }

  private void open() throws IOException {
    mimeType = GeneratedImage.mimeTypeOf(head, headLength);
    OutputStream opened = sink.open(operationId, mimeType);
    if (opened == null) {
      throw new IOException("the ImageSink returned no stream");
    }
    out = opened;
    if (headLength > 0) {
      out.write(head, 0, headLength);
      size = headLength;
    }
  }
}
