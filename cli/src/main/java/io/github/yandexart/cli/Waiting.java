package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.internal.WaitEngine;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/** Waiting as the commands share it. */
final class Waiting {
  private Waiting() {}

  /** Waits for {@code id} with {@code progress} listening; rethrows the SDK's typed failures. */
  static GeneratedImage await(Session session, String id, Progress progress) {
    try {
      return session.client().awaitAsync(id, progress).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted; resume with: yandexart wait " + id);
    } catch (ExecutionException e) {
      Throwable cause = WaitEngine.unwrap(e);
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** {@code <id>.jpeg} (or {@code .png}) in the current directory. */
  static Path defaultFile(String id, GeneratedImage image) {
    return Path.of(id + (image.mimeType().equals("image/png") ? ".png" : ".jpeg"));
  }
}
