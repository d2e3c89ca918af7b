package io.github.yandexart.micrometer;

import io.github.yandexart.ClientObserver;
import io.github.yandexart.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters for a {@link io.github.yandexart.YandexArtClient}: a {@link ClientObserver} to add
 * to the client's builder.
 *
 * <pre>{@code
 * YandexArtClient client = YandexArtClient.builder()
 *     .generator(ImageGenerators.create(config))
 *     .addObserver(new YandexArtMetrics(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what it measures</th></tr>
 *   <tr><td>{@value #CALLS}</td><td>timer</td><td>transport, method, status, outcome</td>
 *       <td>each call to the service (submit, get, cancel); retries are calls of their own</td></tr>
 *   <tr><td>{@value #CALL_RETRIES}</td><td>counter</td><td>transport, method</td>
 *       <td>calls that repeat an earlier failed one</td></tr>
 *   <tr><td>{@value #GENERATIONS}</td><td>timer</td><td>transport, kind, outcome</td>
 *       <td>whole generations, submit (and its queueing) to image or failure; its count per outcome
 *       is the outcome counter</td></tr>
 *   <tr><td>{@value #ACTIVE}</td><td>gauge</td><td>transport</td>
 *       <td>generations and waits in flight</td></tr>
 *   <tr><td>{@value #POLLS}</td><td>counter</td><td>transport</td><td>successful operation reads of waits</td></tr>
 *   <tr><td>{@value #BUDGET_QUEUED}</td><td>timer</td><td>budget</td>
 *       <td>time a call spent queued on the client's submit or read budget</td></tr>
 * </table>
 *
 * <p>Tag values: {@code method} is {@code submit}, {@code get} or {@code cancel}; {@code status} the
 * {@link io.github.yandexart.StatusCode} name ({@code OK} for an answer); call {@code outcome} is
 * {@code success} or {@code error}; generation {@code outcome} is the lower-case {@link
 * ClientObserver.Outcome} ({@code succeeded}, {@code failed}, {@code cancelled}, {@code
 * stopped_waiting}, {@code call_failed}, {@code abandoned}); {@code kind} is {@code generate} or
 * {@code await}; {@code budget} is {@code submit} or {@code read}. No tag ever holds an operation id
 * or a prompt. Thread-safe; one instance may serve several clients.
 */
public final class YandexArtMetrics implements ClientObserver {
  /** Timer of calls to the service. */
  public static final String CALLS = "yandexart.calls";
  /** Counter of retried calls. */
  public static final String CALL_RETRIES = "yandexart.calls.retries";
  /** Timer of whole generations and waits. */
  public static final String GENERATIONS = "yandexart.generations";
  /** Gauge of generations and waits in flight. */
  public static final String ACTIVE = "yandexart.generations.active";
  /** Counter of successful operation reads. */
  public static final String POLLS = "yandexart.operation.polls";
  /** Timer of time spent queued on a budget. */
  public static final String BUDGET_QUEUED = "yandexart.budget.queued";

  private final MeterRegistry registry;
  private final MeterProvider<Timer> calls;
  private final MeterProvider<Counter> retries;
  private final MeterProvider<Timer> generations;
  private final MeterProvider<Counter> polls;
  private final MeterProvider<Timer> queued;
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

  public YandexArtMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.calls = Timer.builder(CALLS)
        .description("Calls to the YandexART service: submit, get and cancel of operations")
        .withRegistry(registry);
    this.retries = Counter.builder(CALL_RETRIES)
        .description("Calls that repeat an earlier failed call")
        .withRegistry(registry);
    this.generations = Timer.builder(GENERATIONS)
        .description("YandexART generations from submit to image, and waits resumed by id")
        .withRegistry(registry);
    this.polls = Counter.builder(POLLS)
        .description("Successful reads of operations being waited for")
        .withRegistry(registry);
    this.queued = Timer.builder(BUDGET_QUEUED)
        .description("Time calls spent queued on the client's submit or read budget")
        .withRegistry(registry);
  }

  @Override
  public Object operationStarted(OperationStart start) {
    gauge(start.transport()).incrementAndGet();
    return start.transport();
  }

  @Override
  public void operationPolled(Object context, Operation snapshot, int reads) {
    polls.withTags(Tags.of("transport", String.valueOf(context))).increment();
  }

  @Override
  public void operationFinished(Object context, OperationEnd end) {
    String transport = end.start().transport();
    gauge(transport).decrementAndGet();
    generations.withTags(Tags.of("transport", transport, "kind", lower(end.start().kind()),
        "outcome", lower(end.outcome()))).record(end.duration());
  }

  @Override
  public void callFinished(Object context, CallEnd end) {
    CallStart call = end.call();
    calls.withTags(Tags.of("transport", call.transport(), "method", lower(call.method()),
        "status", end.status().name(), "outcome", end.failure().isPresent() ? "error" : "success"))
        .record(end.duration());
    if (call.attempt() > 1) {
      retries.withTags(Tags.of("transport", call.transport(), "method", lower(call.method()))).increment();
    }
  }

  @Override
  public void budgetQueued(Budget budget, Duration wait) {
    queued.withTags(Tags.of("budget", lower(budget))).record(wait);
  }

  private AtomicInteger gauge(String transport) {
    return active.computeIfAbsent(transport, t -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder(ACTIVE, count, AtomicInteger::get)
          .description("YandexART generations and waits in flight")
          .tags("transport", t)
          .strongReference(true)
          .register(registry);
      return count;
    });
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
