package io.github.yandexart.rest.internal;

import java.net.ProxySelector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient's {@link SystemDefaultRoutePlanner} (the configured {@link ProxySelector}, else the
 * JVM's default), asking the selector at most once a second per host. HttpClient asks it for every
 * request, with a {@code URI} built for the question: about a fifth of what a call cost this client
 * beyond a raw HttpClient's, for an answer that changes only when someone changes the JVM's proxy
 * settings. A client talks to its one or two endpoints, so there are only that many answers to keep.
 */
final class ProxyCachingRoutePlanner extends SystemDefaultRoutePlanner {
  /** How long an answer is used before the selector is asked again. */
  static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<HttpHost, Answer> answers = new ConcurrentHashMap<>();

  /** The selector's answer for a host (null: no proxy) and when it was given. */
  private static final class Answer {
    final HttpHost proxy;
    final long askedAt;

    Answer(HttpHost proxy, long askedAt) {
      this.proxy = proxy;
      this.askedAt = askedAt;
    }
  }

  /** A planner over {@code selector} (null: the JVM's default, read at each question). */
  ProxyCachingRoutePlanner(ProxySelector selector) {
    this(selector, System::nanoTime);
  }

  ProxyCachingRoutePlanner(ProxySelector selector, LongSupplier nanoTime) {
    super(selector);
    this.nanoTime = nanoTime;
  }

  @Override
  protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
    long now = nanoTime.getAsLong();
    Answer answer = answers.get(target);
    if (answer == null || now - answer.askedAt >= REFRESH_NANOS) {
      answer = new Answer(super.determineProxy(target, context), now);
      answers.put(target, answer);
    }
    return answer.proxy;
  }
}
