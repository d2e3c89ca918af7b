package io.github.yandexart;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the bytes of a streamed image go: passed to a call with {@link
 * CallOptions#withImageSink(ImageSink)}, it receives the decoded image while the reply arrives, so
 * the image is never held whole in memory. {@link YandexArtClient#generateTo(ImageGenerationRequest,
 * java.nio.file.Path)} and {@link YandexArtClient#awaitTo(String, java.nio.file.Path)} use one that
 * writes a file atomically.
 *
 * <pre>{@code
 * ImageSink sink = (operationId, mimeType) -> Files.newOutputStream(dir.resolve(operationId + ".jpeg"));
 * Operation op = generator.getOperation(id, CallOptions.defaults().withImageSink(sink)).join();
 * op.image().ifPresent(image -> System.out.println(image.size() + " bytes written")); // image.isStreamed()
 * }</pre>
 *
 * <p>{@link #open} is called at most once per call, and only by a call whose reply carries an image;
 * the caller of {@code open} writes the whole image and then closes the stream. A call that fails
 * after {@code open} may leave part of an image in the stream: a sink that is used by several calls
 * (the reads of one wait, say) should start afresh at each {@code open}.
 */
@FunctionalInterface
public interface ImageSink {
  /**
   * A stream for the image of operation {@code operationId}; it is closed when the image is written.
   *
   * @param mimeType {@code image/jpeg}, {@code image/png} or {@code application/octet-stream}, read
   *     from the image's first bytes
   * @throws IOException when the destination cannot be opened; the call then fails with an {@link
   *     java.io.UncheckedIOException}
   */
  OutputStream open(String operationId, String mimeType) throws IOException;
}
