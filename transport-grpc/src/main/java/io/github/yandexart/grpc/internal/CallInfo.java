package io.github.yandexart.grpc.internal;

import java.time.Duration;

/**
 * What one call was about, for its error messages and logs.
 *
 * @param method the gRPC method's bare name ({@code Generate}, {@code Get}, {@code Cancel})
 * @param target the endpoint as {@code host:port}
 * @param operationId the operation the call is about; null for a submit
 * @param clientRequestId the {@code x-client-request-id} sent
 * @param timeout the call's deadline, from the start of the call
 * @param maxResponseSize the largest answer accepted, in bytes
 */
record CallInfo(String method, String target, String operationId, String clientRequestId,
    Duration timeout, long maxResponseSize) {}
