package io.github.yandexart.batch.internal;

import io.github.yandexart.batch.JournalException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The one-machine journal: a SQLite file in WAL mode with {@code synchronous=FULL}, so each committed
 * change is on disk before the request it records leaves. One process runs a batch at a time: {@link
 * #begin} takes a lock file beside the database, and then every earlier lease is known dead.
 */
public final class SqliteJournal extends JdbcJournal {
  private final Path file;
  private FileChannel lockChannel;
  private FileLock lock;

  private SqliteJournal(Connection connection, Path file) {
    super(connection, file.toString());
    this.file = file;
  }

  public static SqliteJournal open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new JournalException("cannot create the directory of the journal " + file + ": " + e.getMessage(), e);
    }
    Properties p = new Properties();
    p.setProperty("journal_mode", "WAL");
    p.setProperty("synchronous", "FULL");
    p.setProperty("busy_timeout", "10000");
    p.setProperty("transaction_mode", "IMMEDIATE");
    p.setProperty("foreign_keys", "true");
    try {
      return new SqliteJournal(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p), file);
    } catch (SQLException e) {
      throw new JournalException("cannot open the journal " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected String now() {
    return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
  }

  @Override
  protected String claimLock() {
    return "";
  }

  @Override
  protected void lockForMigration(Statement s) {
    // transaction_mode=IMMEDIATE: the migration transaction already holds SQLite's write lock.
  }

  @Override
  protected synchronized void afterBegin() throws SQLException {
    if (lock == null) {
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      try {
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        closeLock();
        throw new JournalException("this process already runs the batch in " + file, e);
      } catch (IOException e) {
        throw new JournalException("cannot lock the journal " + file + ": " + e.getMessage(), e);
      }
      if (lock == null) {
        closeLock();
        throw new JournalException("another process is running the batch in " + file
            + ": wait for it, or stop it first (one process per SQLite journal; use PostgreSQL for several)");
      }
    }
    // This process alone holds the journal: whoever held items before is gone.
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("UPDATE batch_items SET lease_expires = 0 WHERE lease_expires <> 0");
    }
  }

  private void closeLock() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
    lock = null;
    lockChannel = null;
  }

  @Override
  public synchronized void close() {
    try {
      super.close();
    } finally {
      closeLock();
    }
  }
}
