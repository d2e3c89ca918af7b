package io.github.yandexart.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import io.github.yandexart.Operation;
import io.github.yandexart.spi.ImageSinkWriter;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Reads a reply on the I/O thread, without blocking. A 2xx body goes through an {@link
 * OperationReader} as it arrives: the image is decoded chunk by chunk (into memory, or into the
 * call's image sink) and only the rest of the document is kept, so no body is ever held whole; the
 * operation is parsed here, at the end of the body. Any other body (an error) is collected into one
 * buffer. A body longer than the limit (declared or actual) ends the exchange with {@link
 * TooLargeException} as soon as it is known.
 */
final class BoundedBodyConsumer extends AbstractBinResponseConsumer<BoundedBodyConsumer.Reply> {
  private static final int FIRST_CHUNK = 8 * 1024;

  private final long limit;
  private final WireJson json;
  private final ImageSinkWriter sink;
  private final Consumer<Error> onError;
  private HttpResponse response;
  private ContentType contentType;
  private OperationReader reader;
  private byte[] buffer;
  private int length;
  private long received;
  private boolean built;
  private IOException problem;

  /**
   * A consumer whose 2xx replies are read by {@code json}, the image streamed into {@code sink} (may
   * be null). {@code onError} hears of an {@link Error} thrown while a body is read before it ends
   * the I/O thread.
   */
  BoundedBodyConsumer(long limit, WireJson json, ImageSinkWriter sink, Consumer<Error> onError) {
    this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
    this.json = json;
    this.sink = sink;
    this.onError = onError;
  }

  /** The body went over the limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    final int httpStatus;
    final long limit;

    TooLargeException(int httpStatus, long limit, String how) {
      super("the reply body " + how + " the limit of " + limit + " bytes");
      this.httpStatus = httpStatus;
      this.limit = limit;
    }
  }

  /**
   * A complete reply: status, the headers the transport reads, and the body: the operation read
   * from a 2xx body (or why it could not be), and the bytes kept (for a 2xx body, the document
   * without the image's base64).
   */
  static final class Reply {
    final int status;
    final String reason;
    final String contentType;
    private final HttpResponse head;
    private final byte[] body;
    private final int length;
    private final long bodyLength;
    private final Operation operation;
    private final IOException problem;

    Reply(HttpResponse head, ContentType contentType, byte[] body, int length, long bodyLength,
        Operation operation, IOException problem) {
      this.status = head.getCode();
      this.reason = head.getReasonPhrase();
      this.contentType = contentType == null ? null : contentType.getMimeType();
      this.head = head;
      this.body = body == null ? new byte[0] : body;
      this.length = body == null ? 0 : length;
      this.bodyLength = bodyLength;
      this.operation = operation;
      this.problem = problem;
    }

    /** How many bytes the body had. */
    long bodyLength() {
      return bodyLength;
    }

    /**
     * The operation of a 2xx body.
     *
     * @throws IOException why the body is not one
     */
    Operation operation() throws IOException {
      if (problem != null) {
        throw problem;
      }
      if (operation == null) {
        throw new WireJson.MalformedReplyException("the body was not read as an Operation");
      }
      return operation;
    }

    /** The first value of a header, or null. */
    String header(String name) {
      Header h = head.getFirstHeader(name);
      return h == null ? null : h.getValue();
    }

    int length() {
      return length;
    }

    byte[] bytes() {
      return body;
    }

    /** The body as a stream over the buffer: no copy. */
    InputStream stream() {
      return new ByteArrayInputStream(body, 0, length);
    }
  }

  @Override
  protected void start(HttpResponse response, ContentType contentType) throws IOException {
    this.response = response;
    this.contentType = contentType;
    Header declared = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
    long size = -1;
    if (declared != null) {
      try {
        size = Long.parseLong(declared.getValue().trim());
      } catch (NumberFormatException e) {
        size = -1;
      }
    }
    if (size > limit) {
      throw new TooLargeException(response.getCode(), limit, "is declared (" + size + " bytes) over");
    }
    if (response.getCode() >= 200 && response.getCode() < 300) {
      reader = new OperationReader(json, size, sink);
    } else {
      buffer = new byte[(int) (size >= 0 ? size : Math.min(FIRST_CHUNK, limit))];
    }
  }

  @Override
  protected int capacityIncrement() {
    return Integer.MAX_VALUE;
  }

  @Override
  protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
    int n = src.remaining();
    if (n == 0) {
      return;
    }
    if (received + n > limit) {
      throw new TooLargeException(response.getCode(), limit, "goes over");
    }
    received += n;
    if (reader != null) {
      if (problem == null) {
        try {
          reader.feed(src);
        } catch (Error e) {
          onError.accept(e);
          throw e;
        } catch (OperationReader.SinkException e) {
          throw e; // the exchange ends: nothing more can be written
        } catch (IOException e) {
          // Not an Operation: the rest of the body is read and dropped, the connection stays usable
          // and the reply is reported whole (a permanent failure, not a broken connection).
          problem = e;
          reader.abort();
        }
      }
      src.position(src.limit());
      return;
    }
    if (length + n > buffer.length) {
      long grown = Math.max((long) buffer.length * 2, (long) length + n);
      buffer = Arrays.copyOf(buffer, (int) Math.min(grown, limit));
    }
    src.get(buffer, length, n);
    length += n;
  }

  @Override
  protected Reply buildResult() {
    built = true;
    if (reader == null) {
      return new Reply(response, contentType, buffer, length, received, null, null);
    }
    Operation op = null;
    if (problem == null) {
      try {
        op = reader.finish();
      } catch (IOException e) {
        problem = e;
        reader.abort();
      } catch (RuntimeException e) {
        problem = new IOException(e);
        reader.abort();
      }
    }
    return new Reply(response, contentType, reader.document(), reader.documentLength(), received, op, problem);
  }

  @Override
  public void releaseResources() {
    // The buffers belong to the Reply once built; a reply cut short closes the sink's stream.
    if (!built && reader != null) {
      reader.abort();
    }
  }
}
