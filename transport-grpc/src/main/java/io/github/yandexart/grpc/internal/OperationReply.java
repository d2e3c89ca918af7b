package io.github.yandexart.grpc.internal;

import io.github.yandexart.proto.operation.Operation;
import java.io.IOException;

/**
 * An {@code Operation} as {@link ReplyMarshaller} read it off the wire: the message without the
 * image, and the image itself, taken out of {@code response} (an {@code Any} holding an {@code
 * ImageGenerationResponse}) as it arrived: into one array of its exact size, or into an image sink.
 *
 * @param operation the message; its {@code response} is cleared when the image was taken out
 * @param image the image bytes when they were read into memory; null otherwise
 * @param streamedBytes how many image bytes went to the sink; -1 when none was used
 * @param modelVersion the response's model version ("" when absent); meaningful when {@link #hasImage()}
 * @param sinkFailure why the sink failed, if it did (the rest of the image was then skipped)
 */
record OperationReply(Operation operation, byte[] image, long streamedBytes, String modelVersion,
    IOException sinkFailure) {

  /** Whether the image was taken out of the response (into memory or a sink). */
  boolean hasImage() {
    return image != null || streamedBytes >= 0;
  }
}
