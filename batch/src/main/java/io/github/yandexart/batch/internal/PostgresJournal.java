package io.github.yandexart.batch.internal;

import io.github.yandexart.batch.JournalException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The fleet's journal: any number of workers on any machines share one batch. Items are claimed with
 * {@code FOR UPDATE SKIP LOCKED} under leases kept on the database's clock, so workers' clocks need
 * not agree.
 */
public final class PostgresJournal extends JdbcJournal {
  private final String url;
  private final Properties properties;

  private PostgresJournal(Connection connection, String url, Properties properties) {
    super(connection, redact(url));
    this.url = url;
    this.properties = properties;
  }

  public static PostgresJournal open(String url, Properties properties) {
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new JournalException("a PostgreSQL journal needs the driver: add org.postgresql:postgresql to the"
          + " classpath", e);
    }
    try {
      return new PostgresJournal(DriverManager.getConnection(url, properties), url, properties);
    } catch (SQLException e) {
      throw new JournalException("cannot open the journal " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  /** A second connection to the same database, for a shared quota that must not wait behind the journal. */
  public Connection newConnection() {
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw error("connect", e);
    }
  }

  @Override
  protected String now() {
    return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
  }

  @Override
  protected String claimLock() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  protected void lockForMigration(Statement s) throws SQLException {
    s.execute("SELECT pg_advisory_xact_lock(7243401)");
  }

  /** The URL without a password parameter. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
