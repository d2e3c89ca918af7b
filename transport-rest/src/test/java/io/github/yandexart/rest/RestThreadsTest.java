package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How many threads one REST generator starts, however many calls it has in flight. */
class RestThreadsTest {
  private static final int CALLS = 10_000;
  /** Each completion's continuation waits until this many more requests have been answered. */
  private static final int LAG = 32;

  private final Object progress = new Object();
  private int answered;

  @Test
  void tenThousandCallsInFlightUseAtMostEightThreads() throws Exception {
    CountDownLatch allStarted = new CountDownLatch(1);
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    try (RawServer server = RawServer.start((request, out) -> {
          await(allStarted);
          String id = request.target.substring(request.target.lastIndexOf('/') + 1);
          out.write(RawServer.response("200 OK", "application/json", "{\"id\":\"" + id + "\",\"done\":false}"));
          synchronized (progress) {
            answered++;
            progress.notifyAll();
          }
          return true;
        });
        ImageGenerator generator = new RestImageGeneratorProvider().create(config(server.endpoint(), Duration.ofMinutes(2)).build())) {
      AtomicInteger completed = new AtomicInteger();
      List<CompletableFuture<Operation>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        // A continuation that holds its thread until LAG more replies have come: run on a thread per
        // completion, this would take one thread per reply in the window.
        calls.add(generator.getOperation("op" + i).whenComplete((op, error) -> {
          int k = completed.incrementAndGet();
          awaitAnswered(Math.min(CALLS, k + LAG));
        }));
      }
      Set<Thread> inFlight = started(before);
      allStarted.countDown();
      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);

      Set<Thread> atEnd = started(before);
      assertThat(calls).allMatch(c -> !c.isCompletedExceptionally());
      assertThat(inFlight).as("threads the generator started with %d calls in flight", CALLS).hasSizeLessThanOrEqualTo(8);
      assertThat(atEnd).as("threads the generator started for %d calls: %s", CALLS, names(atEnd))
          .hasSizeLessThanOrEqualTo(8);
    }
  }

  /** The live threads that were not alive at {@code before}, the test server's aside. */
  private static Set<Thread> started(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && !t.getName().startsWith("raw-server"))
        .collect(Collectors.toSet());
  }

  private static String names(Set<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().collect(Collectors.joining(", "));
  }

  private void awaitAnswered(int count) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (progress) {
      while (answered < count && System.nanoTime() < giveUp) {
        try {
          progress.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
