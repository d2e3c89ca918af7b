package io.github.yandexart.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.batch.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The manifest: one JSON object per item and line, in line order, with {@code item} (the input line),
 * {@code name}, {@code prompt}, {@code seed}, {@code aspectRatio}, {@code operationId}, {@code file},
 * {@code sha256}, {@code size}, {@code modelVersion}, {@code status}, {@code error} and {@code worker};
 * absent values are left out. Written atomically (temporary file, then rename).
 */
public final class Manifest {
  /** The manifest's file name in the output directory. */
  public static final String FILE_NAME = "manifest.jsonl";

  private Manifest() {}

  public static Path write(Path directory, List<ItemRecord> records) throws IOException {
    Path target = directory.resolve(FILE_NAME);
    Path temp = Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel);
          JsonGenerator g = Json.FACTORY.createGenerator(out)) {
        g.setRootValueSeparator(null);
        for (ItemRecord r : records) {
          g.writeStartObject();
          g.writeNumberField("item", r.line());
          if (r.item().name().isPresent()) {
            g.writeStringField("name", r.item().name().get());
          }
          g.writeStringField("prompt", r.item().prompt());
          if (r.item().seed().isPresent()) {
            g.writeNumberField("seed", r.item().seed().getAsLong());
          }
          if (r.item().aspectRatio().isPresent()) {
            g.writeStringField("aspectRatio", r.item().aspectRatio().map(AspectRatio::toString).get());
          }
          field(g, "operationId", r.operationId().orElse(null));
          field(g, "file", r.file().orElse(null));
          field(g, "sha256", r.sha256().orElse(null));
          if (r.size().isPresent()) {
            g.writeNumberField("size", r.size().getAsLong());
          }
          field(g, "modelVersion", r.modelVersion().orElse(null));
          g.writeStringField("status", r.state().name());
          if (r.errorCode().isPresent() || r.errorMessage().isPresent()) {
            g.writeObjectFieldStart("error");
            field(g, "code", r.errorCode().orElse(null));
            field(g, "message", r.errorMessage().orElse(null));
            g.writeEndObject();
          }
          field(g, "worker", r.workerId().orElse(null));
          g.writeEndObject();
          g.writeRaw('\n');
        }
        g.flush();
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
