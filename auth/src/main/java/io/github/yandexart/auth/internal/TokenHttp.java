package io.github.yandexart.auth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * The one HTTP call of a token fetch, with its failures turned into {@link TokenFetchException}s that
 * say what happened without quoting the reply.
 */
public final class TokenHttp {
  /** Token replies are a few hundred bytes; anything much larger is not one. */
  public static final int MAX_REPLY_BYTES = 64 * 1024;

  private TokenHttp() {}

  /**
   * Sends {@code request}; completes with the reply whatever its status, or fails with a {@link
   * TokenFetchException} when there is none.
   *
   * @param what the other side, for messages: {@code "the IAM endpoint https://.../iam/v1/tokens"}
   */
  public static CompletableFuture<HttpResponse<byte[]>> send(HttpClient client, HttpRequest request, String what) {
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(request, info -> new LimitedBody(MAX_REPLY_BYTES));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new TokenFetchException(
          "could not send a request to " + what + ": " + e.getClass().getSimpleName(), false));
    }
    CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
    sent.whenComplete((reply, e) -> {
      if (e == null) {
        result.complete(reply);
      } else {
        result.completeExceptionally(failure(unwrap(e), request, what));
      }
    });
    return result;
  }

  /**
   * An error reply: retryable for 429 and 5xx. Repeats only the {@code message} field of a JSON body,
   * cut short, with any of {@code secrets} blanked out.
   */
  public static TokenFetchException httpError(String what, int status, byte[] body, String hint, String... secrets) {
    StringBuilder m = new StringBuilder(what).append(" answered HTTP ").append(status);
    serverMessage(body, secrets).ifPresent(s -> m.append(": ").append(s));
    if (hint != null) {
      m.append(" (").append(hint).append(')');
    }
    return new TokenFetchException(m.toString(), status == 429 || status >= 500);
  }

  private static Optional<String> serverMessage(byte[] body, String... secrets) {
    Map<String, Object> fields;
    try {
      fields = Json.readObject(body);
    } catch (Json.Malformed | RuntimeException notJson) {
      return Optional.empty();
    }
    Object message = fields.get("message");
    if (!(message instanceof String) || ((String) message).isBlank()) {
      return Optional.empty();
    }
    String s = (String) message;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        s = s.replace(secret, "<redacted>");
      }
    }
    s = s.replaceAll("[\\p{Cntrl}]", " ").strip();
    return Optional.of(s.length() > 300 ? s.substring(0, 300) + "..." : s);
  }

  private static TokenFetchException failure(Throwable e, HttpRequest request, String what) {
    if (e instanceof ReplyTooLarge) {
      return new TokenFetchException(what + " sent a reply larger than " + (MAX_REPLY_BYTES / 1024)
          + " KiB, which is not a token reply: check the endpoint address", false);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new TokenFetchException("could not connect to " + what + ": the connection timed out", true);
    }
    if (e instanceof HttpTimeoutException) {
      return new TokenFetchException(what + " did not answer within "
          + request.timeout().map(Object::toString).orElse("the request timeout"), true);
    }
    if (e instanceof ConnectException || e instanceof UnresolvedAddressException) {
      return new TokenFetchException("could not connect to " + what + detail(e), true);
    }
    if (e instanceof IOException) {
      return new TokenFetchException("the connection to " + what + " failed" + detail(e), true);
    }
    return new TokenFetchException("calling " + what + " failed (" + e.getClass().getName() + ")", false);
  }

  /** The first message in the cause chain, in parentheses, or nothing (the JDK often has none). */
  private static String detail(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return " (" + t.getMessage() + ")";
      }
    }
    return "";
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A reply body over the limit. */
  static final class ReplyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    ReplyTooLarge() {
      super("reply too large");
    }
  }

  /** Collects a body of at most {@code max} bytes, and gives up on a larger one. */
  static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (out.size() + b.remaining() > max) {
          subscription.cancel();
          body.completeExceptionally(new ReplyTooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(out.toByteArray());
    }
  }
}
