package io.github.yandexart.internal;

import io.github.yandexart.ImageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@link ImageSink} that writes a file atomically: each {@link #open} starts a fresh hidden temp
 * file next to the target (so a read that failed halfway leaves nothing behind), {@link #commit}
 * renames the last one over the target, {@link #abort} deletes it. The target is never partly
 * written.
 */
public final class FileSink implements ImageSink {
  private final Path target;
  private Path temp;
  private boolean ended;

  public FileSink(Path target) {
    this.target = target.toAbsolutePath();
    if (this.target.getFileName() == null) {
      throw new IllegalArgumentException(target + " is not a file name");
    }
  }

  @Override
  public synchronized OutputStream open(String operationId, String mimeType) throws IOException {
    if (ended) {
      throw new IOException("the wait for " + target + " has ended");
    }
    deleteTemp();
    Path dir = target.getParent();
    Path next = dir.resolve("." + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".part");
    // CREATE_NEW: never follows or reuses an existing file (or link) of that name
    OutputStream out = Files.newOutputStream(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    temp = next;
    return out;
  }

  /**
   * Moves the written image over the target (atomically where the file system can) and returns it.
   *
   * @throws UncheckedIOException when the move fails (the temp file is deleted)
   */
  public synchronized Path commit() {
    ended = true;
    if (temp == null) {
      throw new IllegalStateException("no image was written for " + target);
    }
    try {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      return target;
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("could not move the image into " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes what was written, if anything. */
  public synchronized void abort() {
    ended = true;
    deleteTemp();
  }

  private void deleteTemp() {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a leftover hidden .part file is harmless
      }
      temp = null;
    }
  }
}
