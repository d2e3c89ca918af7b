package io.github.yandexart.grpc.internal;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * How one call attempt ended: its status, what the server sent, and how far the call got.
 *
 * @param status the final status; OK with a {@code message} on success
 * @param message the answer, as {@link ReplyMarshaller} read it; null unless the server sent one
 * @param headers the server's response headers; null when none arrived
 * @param trailers the trailers (grpc-java's, for a call that failed on this side)
 * @param streamCreated whether the call got a stream on a connection, so the request may have left
 * @param trailersReceived whether the server's trailers arrived: the server itself ended the call
 */
record CallResult(Status status, OperationReply message,
    Metadata headers, Metadata trailers, boolean streamCreated, boolean trailersReceived) {

  /** A header from the trailers, else from the headers; null when neither has it. */
  String header(Metadata.Key<String> key) {
    String value = trailers == null ? null : trailers.get(key);
    if (value == null && headers != null) {
      value = headers.get(key);
    }
    return value;
  }
}
