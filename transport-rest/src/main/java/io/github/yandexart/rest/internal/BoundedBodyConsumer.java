package io.github.yandexart.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Collects a reply into one bounded buffer on the I/O thread, without blocking: a body longer than
 * the limit (declared or actual) ends the exchange with {@link TooLargeException} as soon as it is
 * known, so a huge reply costs at most the limit in memory, never an OutOfMemoryError.
 */
final class BoundedBodyConsumer extends AbstractBinResponseConsumer<BoundedBodyConsumer.Reply> {
  private static final int FIRST_CHUNK = 8 * 1024;

  private final long limit;
  private HttpResponse response;
  private ContentType contentType;
  private byte[] buffer;
  private int length;

  BoundedBodyConsumer(long limit) {
    this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
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

  /** A complete reply: status, the headers the transport reads, and the body. */
  static final class Reply {
    final int status;
    final String reason;
    final String contentType;
    private final HttpResponse head;
    private final byte[] body;
    private final int length;

    Reply(HttpResponse head, ContentType contentType, byte[] body, int length) {
      this.status = head.getCode();
      this.reason = head.getReasonPhrase();
      this.contentType = contentType == null ? null : contentType.getMimeType();
      this.head = head;
      this.body = body == null ? new byte[0] : body;
      this.length = body == null ? 0 : length;
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
    buffer = new byte[(int) (size >= 0 ? size : Math.min(FIRST_CHUNK, limit))];
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
    if ((long) length + n > limit) {
      throw new TooLargeException(response.getCode(), limit, "goes over");
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
    return new Reply(response, contentType, buffer, length);
  }

  @Override
  public void releaseResources() {
    // The buffer belongs to the Reply once built; nothing else is held.
  }
}
