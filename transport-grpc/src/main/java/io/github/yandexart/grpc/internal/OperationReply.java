package io.github.yandexart.grpc.internal;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.proto.operation.Operation;
import java.io.UncheckedIOException;

/**
 * An {@code Operation} as {@link ReplyMarshaller} read it off the wire: the message without the
 * image, and the image itself, taken out of {@code response} (an {@code Any} holding an {@code
 * ImageGenerationResponse}) as it arrived: into one array of its exact size, or into an image sink.
 *
 * @param operation the message; its {@code response} is left out when the image was taken out
 * @param image the image bytes when they were read into memory; null otherwise
 * @param streamed the image when it went into the call's sink ({@link GeneratedImage#isStreamed()});
 *     null otherwise
 * @param modelVersion the response's model version ("" when absent); meaningful with an image
 * @param sinkFailure what the call fails with when the sink failed (the rest of the image was then
 *     read past); null otherwise
 */
record OperationReply(Operation operation, byte[] image, GeneratedImage streamed, String modelVersion,
    UncheckedIOException sinkFailure) {}
