package io.github.yandexart.grpc.internal;

import io.grpc.Metadata;

/** The metadata keys the service reads and answers with (API-FACTS §4). */
final class GrpcHeaders {
  static final Metadata.Key<String> AUTHORIZATION = key("authorization");
  static final Metadata.Key<String> FOLDER_ID = key("x-folder-id");
  static final Metadata.Key<String> DATA_LOGGING = key("x-data-logging-enabled");
  static final Metadata.Key<String> CLIENT_REQUEST_ID = key("x-client-request-id");
  static final Metadata.Key<String> REQUEST_ID = key("x-request-id");
  static final Metadata.Key<String> SERVER_TRACE_ID = key("x-server-trace-id");
  static final Metadata.Key<String> POLL_INTERVAL = key(io.github.yandexart.internal.PollInterval.HEADER);

  private GrpcHeaders() {}

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }
}
