package io.github.yandexart.cli;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an image goes. The place is checked before anything is sent (a paid image must not arrive
 * with nowhere to go), an existing file is replaced only with {@code --force}, and a file name made
 * from a server-chosen operation id stays a plain name in the working directory. When the write
 * still fails, the image is saved under a safe name instead, and the caller says where.
 *
 * <p>The image is streamed, never held whole: {@link #sink()} writes it, as it arrives, into a hidden
 * {@code .yandexart-*.part} file in the directory it will go to (the temporary directory if that one
 * takes no file), and {@link #write} then moves that file into place: a rename in the same directory,
 * so the target never holds part of an image; without {@code --force} by a link that fails if the
 * name is taken, so nothing is replaced.
 */
final class ImageFile implements ImageSink {
  /** The longest file name built from an operation id, before the extension. */
  static final int MAX_STEM = 80;

  private final Path workingDir;
  private final Path requested;
  private final boolean force;
  /** Where the streamed image is being, or was, written; null when none is. */
  private Path staged;

  private ImageFile(Path workingDir, Path requested, boolean force) {
    this.workingDir = workingDir;
    this.requested = requested;
    this.force = force;
  }

  /**
   * Checks that an image can be written to {@code output} (resolved against {@code workingDir}), or,
   * without {@code output}, to the working directory.
   *
   * @throws IllegalArgumentException saying what is wrong: a missing or unwritable directory, a
   *     directory given as the file, or an existing file without {@code force}
   */
  static ImageFile check(Path workingDir, Path output, boolean force) {
    Path dir = workingDir.toAbsolutePath().normalize();
    if (output == null) {
      if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw new IllegalArgumentException("cannot write the image into the working directory " + dir
            + ": it is not a writable directory; choose a file with -o");
      }
      return new ImageFile(dir, null, force);
    }
    Path file = dir.resolve(output).normalize();
    String named = "-o " + output;
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(named + " is a directory: give a file name, such as "
          + output.resolve("cat.jpeg"));
    }
    Path parent = file.getParent();
    if (parent == null || !Files.exists(parent)) {
      throw new IllegalArgumentException(named + ": directory " + parent + " does not exist; create it first");
    }
    if (!Files.isDirectory(parent)) {
      throw new IllegalArgumentException(named + ": " + parent + " is not a directory");
    }
    if (!Files.isWritable(parent)) {
      throw new IllegalArgumentException(named + ": directory " + parent + " is not writable");
    }
    if (Files.exists(file)) {
      if (!force) {
        throw new IllegalArgumentException(named + " already exists; pass --force to replace it");
      }
      if (!Files.isWritable(file)) {
        throw new IllegalArgumentException(named + " is not writable");
      }
    }
    return new ImageFile(dir, file, force);
  }

  /** This place as the sink of a streamed image (see the class comment). */
  ImageSink sink() {
    return this;
  }

  /**
   * A fresh hidden file beside where the image will go (each read that finds the image starts a new
   * one: a read that failed halfway leaves nothing behind), else in the temporary directory.
   */
  @Override
  public synchronized OutputStream open(String operationId, String mimeType) throws IOException {
    discard();
    Path dir = requested != null ? requested.getParent() : workingDir;
    Path file = dir.resolve(".yandexart-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".part");
    OutputStream out;
    try {
      out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      file = Files.createTempFile("yandexart-", ".part");
      out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
    staged = file;
    return out;
  }

  /** Deletes a streamed image that was not moved into place (a wait that failed, say). */
  synchronized void discard() {
    if (staged != null) {
      try {
        Files.deleteIfExists(staged);
      } catch (IOException ignored) {
        // a hidden leftover .part file is harmless
      }
      staged = null;
    }
  }

  /** Where the image went, what to tell the user about it, and whether that is where it was asked to go. */
  static final class Saved {
    final Path file;
    final Optional<String> note;
    final boolean asked;

    Saved(Path file, String note, boolean asked) {
      this.file = file;
      this.note = Optional.ofNullable(note);
      this.asked = asked;
    }
  }

  /**
   * Writes {@code image}: to {@code -o}, else to a name made from {@code operationId} in the working
   * directory. An id that is not a plain file name gets a safe name; a default name that exists gets
   * a numbered one rather than being replaced without {@code --force}; a write that fails goes to a
   * safe name in the working directory, then in the temporary directory ({@link Saved#asked} false).
   *
   * @throws IllegalStateException when no place at all took the image
   */
  Saved write(String operationId, GeneratedImage image) {
    String ext = extension(image.mimeType());
    String stem = stem(operationId);
    String problem;
    if (requested != null) {
      try {
        return new Saved(writeFile(requested, image, force), null, true);
      } catch (IOException | RuntimeException e) {
        problem = "could not write the image to " + requested + ": " + describe(e);
      }
    } else {
      String note = stem.equals(operationId) ? null
          : "the operation id " + operationId + " is not a plain file name";
      Path file = inWorkingDir(stem + ext);
      try {
        if (force) {
          return new Saved(writeFile(file, image, true), note, true);
        }
        Path fresh = writeFresh(stem, ext, image);
        if (!fresh.equals(file)) {
          note = (note == null ? "" : note + "; ") + file.getFileName() + " exists (--force replaces it)";
        }
        return new Saved(fresh, note, true);
      } catch (IOException | RuntimeException e) {
        problem = "could not write the image to " + file + ": " + describe(e);
      }
    }
    if (requested != null) {
      try {
        return new Saved(writeFresh(stem, ext, image), problem, false);
      } catch (IOException | RuntimeException e) {
        problem += "; nor into " + workingDir + ": " + describe(e);
      }
    }
    try {
      Path temp = Files.createTempFile("yandexart-" + stem + "-", ext);
      return new Saved(writeFile(temp, image, true), problem, false);
    } catch (IOException | RuntimeException e) {
      Path left = takeStaged();
      if (left != null) { // the streamed image is still where it was written
        return new Saved(left, problem + "; nor into the temporary directory: " + describe(e), false);
      }
      throw new IllegalStateException(problem + "; nor into the temporary directory: " + describe(e), e);
    }
  }

  /** The streamed image's file, which from now on is where the image stays (it is not discarded). */
  private synchronized Path takeStaged() {
    Path left = staged;
    staged = null;
    return left;
  }

  /** {@code stem + ext} in the working directory, or {@code stem-2 + ext} and so on, never replacing a file. */
  private Path writeFresh(String stem, String ext, GeneratedImage image) throws IOException {
    for (int n = 1; ; n++) {
      Path file = inWorkingDir(n == 1 ? stem + ext : stem + "-" + n + ext);
      try {
        return writeFile(file, image, false);
      } catch (FileAlreadyExistsException e) {
        if (n >= 1000) {
          throw e;
        }
      }
    }
  }

  /** {@code name} resolved in the working directory; refuses anything that would land elsewhere. */
  private Path inWorkingDir(String name) {
    Path file = workingDir.resolve(name).normalize();
    if (!workingDir.equals(file.getParent())) {
      throw new IllegalStateException("refusing to write " + file + " outside " + workingDir);
    }
    return file;
  }

  private Path writeFile(Path file, GeneratedImage image, boolean replace) throws IOException {
    if (image.isStreamed()) {
      return moveStaged(file, replace);
    }
    OpenOption[] options = replace
        ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
        : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
    try (var out = Files.newOutputStream(file, options)) {
      image.inputStream().transferTo(out);
    }
    return file;
  }

  /**
   * Moves the streamed image to {@code file}: a rename over it when {@code replace}, else a link
   * that fails with {@link FileAlreadyExistsException} if the name is taken (a move where links are
   * not to be had).
   */
  private synchronized Path moveStaged(Path file, boolean replace) throws IOException {
    if (staged == null) {
      throw new IOException("the image was not written anywhere");
    }
    if (replace) {
      try {
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } else {
      try {
        Files.createLink(file, staged);
        Files.delete(staged);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        Files.move(staged, file); // fails if the name is taken
      }
    }
    staged = null;
    return file;
  }

  /**
   * A plain file name for {@code operationId}: the id itself when it holds only {@code
   * [A-Za-z0-9._-]}, does not start with a dot and is at most {@link #MAX_STEM} long; otherwise
   * the safe characters of it ({@code _} for the rest, leading dots included) cut to length, plus a
   * short hash of the whole id so that different ids never share a name.
   */
  static String stem(String operationId) {
    boolean plain = !operationId.isEmpty() && operationId.length() <= MAX_STEM
        && operationId.charAt(0) != '.' && operationId.chars().allMatch(ImageFile::isSafe);
    if (plain) {
      return operationId;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < operationId.length() && s.length() < MAX_STEM - 9; i++) {
      char c = operationId.charAt(i);
      s.append(isSafe(c) && !(c == '.' && s.chars().allMatch(d -> d == '_')) ? c : '_');
    }
    if (s.length() == 0) {
      s.append("operation");
    }
    return s.append('-').append(hash(operationId)).toString();
  }

  private static boolean isSafe(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
  }

  private static String hash(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        s.append(String.format(Locale.ROOT, "%02x", digest[i]));
      }
      return s.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String extension(String mimeType) {
    return mimeType.equals("image/png") ? ".png" : ".jpeg";
  }

  /**
   * A warning when {@code file}'s extension names another image type than {@code mimeType} (the
   * file keeps the service's bytes: the CLI never converts), else empty.
   */
  static Optional<String> mismatch(Path file, String mimeType) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String said;
    switch (name.substring(dot + 1)) {
      case "jpg": case "jpeg": said = "image/jpeg"; break;
      case "png": said = "image/png"; break;
      case "gif": said = "image/gif"; break;
      case "webp": said = "image/webp"; break;
      default: return Optional.empty();
    }
    if (said.equals(mimeType)) {
      return Optional.empty();
    }
    return Optional.of("warning: " + file + " holds a " + mimeType + " image, not the " + said
        + " its name says; the bytes are the service's, unconverted (rename it to " + extension(mimeType) + ")");
  }

  private static String describe(Throwable e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof InvalidPathException) {
      return "not a valid path";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
