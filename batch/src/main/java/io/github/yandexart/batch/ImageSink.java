package io.github.yandexart.batch;

import io.github.yandexart.GeneratedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where finished images go; a seam for tests that simulate a full disk. */
interface ImageSink {
  /** A written file. */
  final class Written {
    final Path file;
    final String sha256;
    final long size;

    Written(Path file, String sha256, long size) {
      this.file = file;
      this.sha256 = sha256;
      this.size = size;
    }
  }

  Written write(Path directory, String stem, GeneratedImage image) throws IOException;

  /** Proves that {@code directory} takes files, before anything is submitted. */
  default void probe(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.delete(Files.createTempFile(directory, ".probe.", ".tmp"));
  }

  /** The file an image of this stem and type goes to. */
  static Path target(Path directory, String stem, String mimeType) {
    String ext = "image/png".equals(mimeType) ? ".png" : "image/jpeg".equals(mimeType) ? ".jpeg" : ".img";
    return directory.resolve(stem + ext);
  }

  /** Writes to a temporary file in the same directory, forces it to disk, and renames it into place. */
  ImageSink FILES = (directory, stem, image) -> {
    Path target = target(directory, stem, image.mimeType());
    Path temp = Files.createTempFile(directory, "." + stem + ".", ".tmp");
    try {
      byte[] bytes = image.bytes();
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Written(target, sha256(bytes), bytes.length);
    } finally {
      Files.deleteIfExists(temp);
    }
  };

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
