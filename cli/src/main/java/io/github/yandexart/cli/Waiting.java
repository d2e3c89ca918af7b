package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/** Waiting as the commands share it. */
final class Waiting {
  private Waiting() {}

  /** Waits for {@code id} with {@code progress} listening; rethrows the SDK's typed failures. */
  static GeneratedImage await(Session session, String id, Progress progress) {
    try {
      return session.client().await(id, progress);
    } catch (CancellationException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("interrupted; resume with: yandexart wait " + id);
      }
      throw e;
    }
  }

  /** {@code <id>.jpeg} (or {@code .png}) in the current directory. */
  static Path defaultFile(String id, GeneratedImage image) {
    return Path.of(id + (image.mimeType().equals("image/png") ? ".png" : ".jpeg"));
  }
}
