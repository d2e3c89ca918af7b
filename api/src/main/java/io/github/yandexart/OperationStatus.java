package io.github.yandexart;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A google.rpc.Status: the code, the server's message and the details. Found in a failed {@link
 * Operation} and in error replies.
 *
 * <p>The server's text is untrusted: the message and each detail field keep at most {@link
 * #MAX_MESSAGE_LENGTH} chars, the rest replaced by a visible {@code …[cut N chars]} marker.
 */
public final class OperationStatus {
  /**
   * The most chars of a server-supplied message (or detail field) kept here and in {@link
   * ApiCallException}; longer ones are cut and end with {@code …[cut N chars]}.
   */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  /** The type URL of google.rpc.RequestInfo, the detail that carries the server's request id. */
  public static final String REQUEST_INFO_TYPE = "type.googleapis.com/google.rpc.RequestInfo";

  private final StatusCode code;
  private final String message;
  private final List<Detail> details;

  private OperationStatus(StatusCode code, String message, List<Detail> details) {
    this.code = Objects.requireNonNull(code, "code");
    this.message = message == null ? "" : ServerText.cap(message);
    this.details = List.copyOf(details);
  }

  public static OperationStatus of(StatusCode code, String message) {
    return new OperationStatus(code, message, List.of());
  }

  public static OperationStatus of(StatusCode code, String message, List<Detail> details) {
    return new OperationStatus(code, message, details);
  }

  public StatusCode code() {
    return code;
  }

  /** The server's message; empty when it sent none. */
  public String message() {
    return message;
  }

  public List<Detail> details() {
    return details;
  }

  /** The {@code requestId} of a google.rpc.RequestInfo detail, if the server sent one. */
  public Optional<String> requestId() {
    return details.stream()
        .filter(d -> d.typeUrl().equals(REQUEST_INFO_TYPE))
        .map(d -> d.fields().get("requestId"))
        .filter(Objects::nonNull)
        .findFirst();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OperationStatus)) {
      return false;
    }
    OperationStatus other = (OperationStatus) o;
    return code == other.code && message.equals(other.message) && details.equals(other.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, message, details);
  }

  @Override
  public String toString() {
    return code + (message.isEmpty() ? "" : ": " + message);
  }

  /**
   * One detail of a status: its type URL and its scalar fields as strings (lowerCamelCase names, as
   * in JSON). A detail whose type the transport cannot decode has only its type URL.
   */
  public static final class Detail {
    private final String typeUrl;
    private final Map<String, String> fields;

    private Detail(String typeUrl, Map<String, String> fields) {
      this.typeUrl = Objects.requireNonNull(typeUrl, "typeUrl");
      Map<String, String> capped = new java.util.LinkedHashMap<>();
      fields.forEach((k, v) -> capped.put(ServerText.cap(k), ServerText.cap(v)));
      this.fields = Map.copyOf(capped);
    }

    public static Detail of(String typeUrl, Map<String, String> fields) {
      return new Detail(typeUrl, fields);
    }

    /** A google.rpc.RequestInfo detail. */
    public static Detail requestInfo(String requestId) {
      return new Detail(REQUEST_INFO_TYPE, Map.of("requestId", requestId));
    }

    public String typeUrl() {
      return typeUrl;
    }

    public Map<String, String> fields() {
      return fields;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Detail
          && ((Detail) o).typeUrl.equals(typeUrl)
          && ((Detail) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
      return Objects.hash(typeUrl, fields);
    }

    @Override
    public String toString() {
      return typeUrl + fields;
    }
  }
}
