package io.github.yandexart.rest.internal;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.ApiCallException.Origin;
import io.github.yandexart.ClientConfig;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import io.github.yandexart.internal.PollInterval;
import io.github.yandexart.internal.Redaction;
import io.github.yandexart.rest.internal.RestCall.Phase;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * What a REST call's outcome means, mapped in one place (as {@code transport-grpc}'s {@code
 * GrpcErrors}): a 2xx reply becomes an {@link Operation}; an error reply, a failure without a reply, a
 * deadline, a closed generator or failed credentials become an {@link ApiCallException} with the
 * right code, {@link Origin} and {@link ApiCallException#isPermanent() permanence}.
 *
 * <p>Every string that came from the server passes through {@link Redaction} with the Authorization
 * value the call sent before it is kept.
 */
final class RestReplies {
  private static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

  private final ClientConfig config;
  private final WireJson json;
  private final Clock clock;

  RestReplies(ClientConfig config, WireJson json, Clock clock) {
    this.config = config;
    this.json = json;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- a 2xx reply

  /**
   * The operation in a 2xx reply. A complete reply that is not a valid operation (empty, not JSON,
   * nesting over the limit, invalid base64, both {@code error} and {@code response}, another response
   * type) is a permanent failure: reading it again gives the same answer. Only a body cut short is
   * worth another try.
   */
  Operation operation(RestCall call, BoundedBodyConsumer.Reply reply) {
    if (reply.bodyLength() == 0) {
      throw problem(call, reply, StatusCode.INTERNAL, Origin.SERVER,
          "the server answered HTTP " + reply.status + " with an empty body instead of an Operation", null)
          .toBuilder().permanent(true).build();
    }
    try {
      Operation op = reply.operation();
      return Redaction.redact(op.toBuilder()
          .pollInterval(PollInterval.parse(reply.header(PollInterval.HEADER)))
          .build(), call.authorization);
    } catch (OperationReader.SinkException e) {
      throw e.failure;
    } catch (WireJson.WrongResponseTypeException e) {
      throw problem(call, reply, StatusCode.UNKNOWN, Origin.SERVER, e.getMessage(), e)
          .toBuilder().permanent(true).build();
    } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
      throw problem(call, reply, StatusCode.UNAVAILABLE, Origin.TRANSPORT,
          "the reply ended in the middle of the JSON (truncated?)", e);
    } catch (IOException | RuntimeException e) {
      String why = e instanceof WireJson.MalformedReplyException ? e.getMessage()
          : e instanceof com.fasterxml.jackson.core.JsonProcessingException
              ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage()
              : e.toString();
      throw problem(call, reply, StatusCode.INTERNAL, Origin.SERVER,
          "the server answered HTTP " + reply.status + " with a reply that is not a valid Operation ("
              + Snippets.shorten(Redaction.redact(why, call.authorization), 120) + ")", e)
          .toBuilder().permanent(true).build();
    }
  }

  // ---------------------------------------------------------------- an error reply

  /** An error reply as an exception: the google.rpc.Status it carries, else the HTTP status. */
  ApiCallException error(RestCall call, BoundedBodyConsumer.Reply reply) {
    OperationStatus status = null;
    if (reply.length() > 0) {
      try {
        status = Redaction.redact(json.readStatus(reply.stream()), call.authorization);
      } catch (IOException | RuntimeException e) {
        status = null;
      }
    }
    if (status != null) {
      // A status that claims OK on an error reply says nothing: the HTTP status decides then.
      StatusCode code = status.code() == StatusCode.OK ? StatusCode.forHttpStatus(reply.status) : status.code();
      ApiCallException.Builder b = withReplyIds(call.error(code, Origin.SERVER), reply)
          .status(status)
          .httpStatus(reply.status);
      if (reply.header(HttpHeaders.RETRY_AFTER) == null) {
        Duration hinted = retryInfo(status);
        if (hinted != null) {
          b.retryAfter(hinted);
        }
      }
      return b.build();
    }
    StatusCode code = StatusCode.forHttpStatus(reply.status);
    // A gateway error page without a google.rpc.Status says an intermediary could not get an answer
    // from the service, which may already have the request: the outcome is unknown.
    Origin origin = reply.status == 502 || reply.status == 504 ? Origin.TRANSPORT : Origin.SERVER;
    String what = reply.length() == 0 ? "an empty body"
        : (reply.contentType == null ? "a body" : reply.contentType)
            + " instead of a google.rpc.Status: \""
            + Snippets.of(reply.bytes(), reply.length(), call.authorization) + "\"";
    return problem(call, reply, code, origin, "the server answered HTTP " + reply.status
        + (reply.reason == null || reply.reason.isEmpty() ? "" : " " + reply.reason) + " with " + what, null);
  }

  private ApiCallException problem(RestCall call, BoundedBodyConsumer.Reply reply, StatusCode code,
      Origin origin, String message, Throwable cause) {
    String text = message;
    if (reply.status >= 200 && reply.status < 300 && reply.length() > 0) {
      text += ": \"" + Snippets.of(reply.bytes(), reply.length(), call.authorization) + "\"";
      long left = reply.bodyLength() - reply.length();
      if (left > 0) {
        text += " (less the image's " + left + " characters of base64)";
      }
    }
    return withReplyIds(call.error(code, origin), reply)
        .httpStatus(reply.status)
        .message(text)
        .cause(cause)
        .build();
  }

  private ApiCallException.Builder withReplyIds(ApiCallException.Builder b, BoundedBodyConsumer.Reply reply) {
    String requestId = reply.header("x-request-id");
    if (requestId != null && !requestId.isBlank()) {
      b.requestId(requestId);
    }
    String traceId = reply.header("x-server-trace-id");
    if (traceId != null && !traceId.isBlank()) {
      b.serverTraceId(traceId);
    }
    Duration retryAfter = HeaderValues.retryAfter(reply.header(HttpHeaders.RETRY_AFTER), clock.instant());
    if (retryAfter != null) {
      b.retryAfter(retryAfter);
    }
    return b;
  }

  /** A google.rpc.RetryInfo detail's delay ({@code "1.500s"}), for replies without Retry-After. */
  private static Duration retryInfo(OperationStatus status) {
    return status.details().stream()
        .filter(d -> d.typeUrl().equals(RETRY_INFO_TYPE))
        .map(d -> HeaderValues.seconds(d.fields().get("retryDelay")))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  // ---------------------------------------------------------------- no usable reply

  /**
   * A failure reported by the HTTP client, in the phase the call was in. HttpClient runs no timer of
   * its own but {@link ClientConfig#connectTimeout()}: an {@link InterruptedIOException} is a connect
   * or handshake that took too long; the call's deadline is {@link #deadline}.
   */
  ApiCallException failure(RestCall call, Phase phase, Exception e) {
    String target = call.target();
    if (e instanceof BoundedBodyConsumer.TooLargeException) {
      BoundedBodyConsumer.TooLargeException big = (BoundedBodyConsumer.TooLargeException) e;
      // The server took the request and answered; only the answer was refused here. Not a quota
      // refusal (RESOURCE_EXHAUSTED would read as "try later"), and reading again gets the same
      // answer: permanent. TRANSPORT, as the gRPC transport says: the request did take effect.
      return call.error(StatusCode.INTERNAL, Origin.TRANSPORT)
          .httpStatus(big.httpStatus)
          .permanent(true)
          .message(big.getMessage() + " (HTTP " + big.httpStatus + "): raise"
              + " ClientConfig.builder().maxResponseSize(...) if such replies are expected")
          .cause(e)
          .build();
    }
    if (phase != Phase.SENT) {
      String why;
      if (e instanceof UnknownHostException) {
        why = "could not resolve the host of " + target + ": check the endpoint and DNS";
      } else if (e instanceof SSLException) {
        why = "the TLS handshake with " + target + " failed (" + e.getMessage()
            + "): check that the endpoint speaks https and its certificate is trusted";
      } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
        why = "could not connect to " + target + " (" + e.getMessage() + "): check the endpoint";
      } else if (e instanceof InterruptedIOException) {
        why = "no connection to " + target + " within " + config.connectTimeout()
            + " (ClientConfig.connectTimeout)";
      } else {
        why = "could not connect to " + target + ": " + e;
      }
      return call.error(StatusCode.UNAVAILABLE, Origin.CONNECT)
          .message(why + "; the request was not sent")
          .cause(e)
          .build();
    }
    return call.error(StatusCode.UNAVAILABLE, Origin.TRANSPORT)
        .message("the connection to " + target + " failed after " + call.describe() + " was sent ("
            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + "); it may or may not have taken effect")
        .cause(e)
        .build();
  }

  /**
   * The call's deadline passed in {@code phase}: CONNECT while no connection carried the request,
   * TRANSPORT once it was sent, CLIENT while the credentials were still being asked.
   */
  static ApiCallException deadline(RestCall call, Phase phase) {
    String target = call.target();
    String what = switch (phase) {
      case SENT -> "no answer from " + target + " to " + call.describe() + " within the call timeout of "
          + call.timeout + "; it may still take effect";
      case CONNECTING -> "no connection to " + target + " within the call timeout of " + call.timeout
          + "; the request was not sent";
      default -> "the credentials gave no Authorization value within the call timeout of " + call.timeout
          + "; the request was not sent";
    };
    return call.error(StatusCode.DEADLINE_EXCEEDED, phase.origin()).message(what).build();
  }

  /** The credentials failed (or gave nothing): nothing was sent. */
  static ApiCallException credentials(RestCall call, Throwable error, String describedCredentials) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof ApiCallException) {
      ApiCallException a = (ApiCallException) e;
      return call.operationId == null ? a : a.withOperationId(call.operationId);
    }
    return call.error(StatusCode.UNAUTHENTICATED, Origin.CLIENT)
        .message("the credentials (" + describedCredentials + ") gave no Authorization value"
            + (e == null ? "" : ": " + e.getClass().getSimpleName()))
        .cause(e)
        .build();
  }

  /** A call cut off by {@code close()}. */
  static ApiCallException closed(RestCall call, Phase phase) {
    if (phase == Phase.SENT) {
      return call.error(StatusCode.CANCELLED, Origin.TRANSPORT)
          .message("the REST generator was closed after " + call.describe()
              + " was sent: it may or may not have taken effect")
          .build();
    }
    return call.error(StatusCode.CANCELLED, Origin.CLIENT)
        .message("the REST generator was closed before " + call.describe() + " was sent")
        .build();
  }
}
