package io.github.yandexart.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request the emulator received, with its headers (gRPC metadata) under lower-case names: for
 * tests that check what a client puts on the wire.
 */
public final class RecordedRequest {
  /** Which side of the emulator received it. */
  public enum Protocol { REST, GRPC }

  private final Protocol protocol;
  private final String method;
  private final Map<String, List<String>> headers;
  private final String body;

  public RecordedRequest(Protocol protocol, String method, Map<String, List<String>> headers, String body) {
    this.protocol = protocol;
    this.method = method;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** {@code POST /foundationModels/v1/imageGenerationAsync}, or the gRPC full method name. */
  public String method() {
    return method;
  }

  /** All headers, lower-case names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, by name in any case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The request body as received (JSON for REST; the text form of the message for gRPC). */
  public String body() {
    return body;
  }

  @Override
  public String toString() {
    return protocol + " " + method;
  }
}
