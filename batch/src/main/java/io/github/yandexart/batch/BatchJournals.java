package io.github.yandexart.batch;

import io.github.yandexart.batch.internal.InMemoryJournal;
import io.github.yandexart.batch.internal.PostgresJournal;
import io.github.yandexart.batch.internal.SqliteJournal;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The journals: SQLite for one machine, PostgreSQL for a fleet, in memory for tests.
 *
 * <pre>{@code
 * try (BatchJournal journal = BatchJournals.open("images/batch.db")) { ... }               // SQLite
 * try (BatchJournal journal = BatchJournals.open("jdbc:postgresql://db/art?user=art")) { ... }
 * }</pre>
 *
 * <p>Each journal versions its schema and applies migrations when it opens.
 */
public final class BatchJournals {
  private BatchJournals() {}

  /** A SQLite journal in {@code file}, created if missing; one process at a time runs its batch. */
  public static BatchJournal sqlite(Path file) {
    return SqliteJournal.open(file);
  }

  /**
   * A PostgreSQL journal ({@code jdbc:postgresql://host/db}) that any number of workers share; needs
   * {@code org.postgresql:postgresql} on the classpath. {@code properties} are the driver's ({@code
   * user}, {@code password}, ...).
   */
  public static BatchJournal postgres(String jdbcUrl, Properties properties) {
    return PostgresJournal.open(jdbcUrl, properties);
  }

  /** A journal in this process's memory: lost when the process ends. For tests. */
  public static BatchJournal inMemory() {
    return new InMemoryJournal();
  }

  /** A {@code jdbc:postgresql:} URL opens a PostgreSQL journal, anything else is a SQLite file's path. */
  public static BatchJournal open(String pathOrUrl) {
    if (pathOrUrl.startsWith("jdbc:postgresql:")) {
      return postgres(pathOrUrl, new Properties());
    }
    if (pathOrUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("journal " + pathOrUrl.replaceAll("(?i)(password=)[^&]*", "$1***")
          + " is not supported: give a SQLite file's path or a jdbc:postgresql: URL");
    }
    return sqlite(Path.of(pathOrUrl));
  }
}
