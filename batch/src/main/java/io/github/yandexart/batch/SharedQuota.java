package io.github.yandexart.batch;

import io.github.yandexart.spi.RateLimiter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A quota that every worker of a fleet shares: a token bucket in one PostgreSQL row, taken from in
 * one {@code UPDATE}, so that all the processes on a folder together stay within the service's
 * quota. Give one to {@code YandexArtClient.builder().submitLimiter(...)} (and another to {@code
 * readLimiter}).
 *
 * <pre>{@code
 * try (SharedQuota submits = SharedQuota.postgres(url, props, "submits", 500, Duration.ofMinutes(1));
 *     SharedQuota reads = SharedQuota.postgres(url, props, "reads", 50, Duration.ofSeconds(1));
 *     YandexArtClient client = YandexArtClient.builder().generator(ImageGenerators.create(config))
 *         .waitPolicy(config.waitPolicy()).submitLimiter(submits).readLimiter(reads).build()) { ... }
 * }</pre>
 *
 * <p>At most {@code permits} calls start in any window of {@code window}, counted on the database's
 * clock: the bucket holds one token and refills at {@code (permits - 1) / window}, slowed by 5% so
 * that a call reaching the service up to about 5% of the window after its grant cannot squeeze one
 * call too many into a window. A call that lags longer (a GC pause, a cold JVM's first request) can;
 * the service then refuses it with RESOURCE_EXHAUSTED, which is provably not accepted, and the client
 * tries it again through this quota. Each quota keeps its own connection and one thread. Thread-safe.
 */
public final class SharedQuota implements RateLimiter, AutoCloseable {
  private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

  private final Connection connection;
  private final String name;
  private final ScheduledExecutorService thread;
  private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private boolean draining;

  private SharedQuota(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "yandexart-quota-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The quota {@code name} in the PostgreSQL database at {@code jdbcUrl}: created if missing, and
   * set to {@code permits} per {@code window} (the last worker to open it sets the rate).
   */
  public static SharedQuota postgres(String jdbcUrl, Properties properties, String name, int permits,
      Duration window) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits " + permits + " must be at least 1");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window " + window + " must be positive");
    }
    double perMilli = Math.max(permits - 1, 1) / (window.toMillis() * 1.05);
    Connection c;
    try {
      c = DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      throw new JournalException("cannot open the shared quota " + name + ": " + e.getMessage(), e);
    }
    try (Statement s = c.createStatement();
        PreparedStatement p = c.prepareStatement("INSERT INTO batch_quota (name, tokens, capacity, per_milli,"
            + " updated_at) VALUES (?, 1, 1, ?, " + NOW + ") ON CONFLICT (name) DO UPDATE SET per_milli = ?")) {
      s.execute("SELECT pg_advisory_lock(7243402)");
      try {
        s.execute("CREATE TABLE IF NOT EXISTS batch_quota (name TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL,"
            + " capacity DOUBLE PRECISION NOT NULL, per_milli DOUBLE PRECISION NOT NULL, updated_at BIGINT NOT NULL)");
      } finally {
        s.execute("SELECT pg_advisory_unlock(7243402)");
      }
      p.setString(1, name);
      p.setDouble(2, perMilli);
      p.setDouble(3, perMilli);
      p.executeUpdate();
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // reporting the first failure
      }
      throw new JournalException("cannot set up the shared quota " + name + ": " + e.getMessage(), e);
    }
    return new SharedQuota(c, name);
  }

  @Override
  public CompletableFuture<Void> acquire() {
    CompletableFuture<Void> permit = new CompletableFuture<>();
    boolean start;
    synchronized (this) {
      waiting.add(permit);
      start = !draining;
      draining = true;
    }
    if (start) {
      thread.execute(this::drain);
    }
    return permit;
  }

  /** Grants permits in turn, on the quota's thread; sleeps by rescheduling, never by blocking. */
  private void drain() {
    while (true) {
      CompletableFuture<Void> next;
      synchronized (this) {
        next = waiting.peek();
        while (next != null && next.isDone()) {
          waiting.poll();
          next = waiting.peek();
        }
        if (next == null) {
          draining = false;
          return;
        }
      }
      long waitMillis;
      try {
        waitMillis = take();
      } catch (SQLException e) {
        synchronized (this) {
          waiting.poll();
        }
        next.completeExceptionally(new JournalException("cannot read the shared quota " + name + ": "
            + e.getMessage(), e));
        continue;
      }
      if (waitMillis > 0) {
        thread.schedule(this::drain, waitMillis, TimeUnit.MILLISECONDS);
        return;
      }
      synchronized (this) {
        waiting.poll();
      }
      next.complete(null);
    }
  }

  /** Takes a token: 0 when taken, else how many milliseconds until one is there. */
  private long take() throws SQLException {
    String refilled = "LEAST(capacity, tokens + GREATEST(0, " + NOW + " - updated_at) * per_milli)";
    try (PreparedStatement p = connection.prepareStatement("UPDATE batch_quota SET tokens = " + refilled
        + " - 1, updated_at = GREATEST(updated_at, " + NOW + ") WHERE name = ? AND " + refilled + " >= 1")) {
      p.setString(1, name);
      if (p.executeUpdate() == 1) {
        return 0;
      }
    }
    try (PreparedStatement p = connection.prepareStatement("SELECT (1 - " + refilled + ") / per_milli"
        + " FROM batch_quota WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("the quota row " + name + " is gone");
        }
        return Math.max(1, (long) Math.ceil(r.getDouble(1)));
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    synchronized (this) {
      for (CompletableFuture<Void> f : waiting) {
        f.completeExceptionally(new IllegalStateException("the shared quota " + name + " was closed"));
      }
      waiting.clear();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing to keep: every take was its own committed statement
    }
  }
}
