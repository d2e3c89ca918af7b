package io.github.yandexart.internal;

import io.github.yandexart.ImageSink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An {@link ImageSink} over a caller's {@link OutputStream}, which it never closes (only flushes).
 * A stream cannot be rewound, so a second {@code open} after bytes were written (a read that failed
 * halfway, then a retry) fails instead of appending a second image.
 */
public final class StreamSink implements ImageSink {
  private final OutputStream target;
  private long written;

  public StreamSink(OutputStream target) {
    this.target = target;
  }

  @Override
  public synchronized OutputStream open(String operationId, String mimeType) throws IOException {
    if (written > 0) {
      throw new IOException("an earlier read wrote " + written + " bytes of the image of operation "
          + operationId + " to the stream before it failed, and a stream cannot be rewound; write to a"
          + " Path instead, or resume with await(\"" + operationId + "\")");
    }
    return new FilterOutputStream(target) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        count(len);
        target.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        count(1);
        target.write(b);
      }

      @Override
      public void close() throws IOException {
        target.flush();
      }
    };
  }

  private synchronized void count(int n) {
    written += n;
  }
}
