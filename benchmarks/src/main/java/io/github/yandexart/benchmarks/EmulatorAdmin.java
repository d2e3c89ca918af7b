package io.github.yandexart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Scripts an emulator in another process over its admin routes (REST port, no authorization). */
final class EmulatorAdmin {
  private final URI rest;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  EmulatorAdmin(URI rest) {
    this.rest = rest;
  }

  /** Forgets operations, recorded requests, scripts and faults; the default outcome is the one it started with. */
  void reset() {
    post("/_emulator/reset", "{}");
  }

  /** Sets how operations submitted from now on go, in the admin route's JSON ({@code {"neverDone":true}}). */
  void defaultOutcome(String outcomeJson) {
    post("/_emulator/outcomes", "{\"default\":" + outcomeJson + "}");
  }

  private void post(String path, String body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 204) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
