package io.github.yandexart;

/**
 * The google.rpc status codes the service answers with, and the HTTP status each maps to in the REST
 * interface.
 */
public enum StatusCode {
  OK(0, 200),
  CANCELLED(1, 499),
  UNKNOWN(2, 500),
  INVALID_ARGUMENT(3, 400),
  DEADLINE_EXCEEDED(4, 504),
  NOT_FOUND(5, 404),
  ALREADY_EXISTS(6, 409),
  PERMISSION_DENIED(7, 403),
  RESOURCE_EXHAUSTED(8, 429),
  FAILED_PRECONDITION(9, 400),
  ABORTED(10, 409),
  OUT_OF_RANGE(11, 400),
  UNIMPLEMENTED(12, 501),
  INTERNAL(13, 500),
  UNAVAILABLE(14, 503),
  DATA_LOSS(15, 500),
  UNAUTHENTICATED(16, 401);

  private static final StatusCode[] BY_NUMBER = values();

  private final int number;
  private final int httpStatus;

  StatusCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  /** The google.rpc.Code number. */
  public int number() {
    return number;
  }

  /** The HTTP status the REST interface answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The code with this number; {@link #UNKNOWN} for a number google.rpc does not define. */
  public static StatusCode forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
  }

  /**
   * The code an HTTP status stands for when the body does not say: the usual gRPC-over-HTTP mapping
   * (400 → INVALID_ARGUMENT, 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED, 404 → NOT_FOUND,
   * 409 → ABORTED, 429 → RESOURCE_EXHAUSTED, 499 → CANCELLED, 501 → UNIMPLEMENTED,
   * 502/503 → UNAVAILABLE, 504 → DEADLINE_EXCEEDED, other 5xx → INTERNAL, other 4xx →
   * FAILED_PRECONDITION, 2xx → OK, anything else → UNKNOWN).
   */
  public static StatusCode forHttpStatus(int httpStatus) {
    switch (httpStatus) {
      case 400: return INVALID_ARGUMENT;
      case 401: return UNAUTHENTICATED;
      case 403: return PERMISSION_DENIED;
      case 404: return NOT_FOUND;
      case 409: return ABORTED;
      case 429: return RESOURCE_EXHAUSTED;
      case 499: return CANCELLED;
      case 501: return UNIMPLEMENTED;
      case 502:
      case 503: return UNAVAILABLE;
      case 504: return DEADLINE_EXCEEDED;
      default:
        if (httpStatus >= 200 && httpStatus < 300) {
          return OK;
        }
        if (httpStatus >= 500 && httpStatus < 600) {
          return INTERNAL;
        }
        if (httpStatus >= 400 && httpStatus < 500) {
          return FAILED_PRECONDITION;
        }
        return UNKNOWN;
    }
  }
}
