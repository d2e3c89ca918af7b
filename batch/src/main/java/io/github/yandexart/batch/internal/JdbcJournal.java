package io.github.yandexart.batch.internal;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.batch.BatchItem;
import io.github.yandexart.batch.BatchJournal;
import io.github.yandexart.batch.ItemRecord;
import io.github.yandexart.batch.ItemState;
import io.github.yandexart.batch.JournalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A journal in a SQL database, one connection per worker, every change one statement in its own
 * transaction (auto-commit), guarded by the state it moves from and by the worker's lease. The
 * dialects differ in how they read the clock, claim a row and lock for migrations.
 */
public abstract class JdbcJournal implements BatchJournal {
  /** Schema migrations, applied in order at open; index + 1 is the version each leaves. */
  private static final List<String[]> MIGRATIONS = List.<String[]>of(new String[] {
      "CREATE TABLE batch_info (id INTEGER PRIMARY KEY, batch_id TEXT NOT NULL, source TEXT NOT NULL,"
          + " items INTEGER NOT NULL, created_at BIGINT NOT NULL)",
      "CREATE TABLE batch_items (line INTEGER PRIMARY KEY, name TEXT, prompt TEXT NOT NULL, negatives TEXT,"
          + " seed BIGINT, aspect_ratio TEXT, mime_type TEXT, state TEXT NOT NULL, client_request_id TEXT,"
          + " operation_id TEXT, file TEXT, sha256 TEXT, size BIGINT, model_version TEXT, error_code TEXT,"
          + " error_message TEXT, worker_id TEXT, lease_expires BIGINT NOT NULL, submits INTEGER NOT NULL,"
          + " updated_at BIGINT NOT NULL)",
      "CREATE INDEX batch_items_state ON batch_items (state, line)"
  });

  private static final String COLUMNS = "line, name, prompt, negatives, seed, aspect_ratio, mime_type, state,"
      + " client_request_id, operation_id, file, sha256, size, model_version, error_code, error_message, worker_id";

  protected final Connection connection;
  private final String description;

  protected JdbcJournal(Connection connection, String description) {
    this.connection = connection;
    this.description = description;
    try {
      migrate();
    } catch (SQLException e) {
      closeQuietly();
      throw new JournalException("cannot open the journal " + description + ": " + e.getMessage(), e);
    }
  }

  /** An SQL expression for the database's clock in epoch milliseconds. */
  protected abstract String now();

  /** What follows the claim sub-select: row locking where the database has it. */
  protected abstract String claimLock();

  /** Serialises concurrent openers inside the migration transaction. */
  protected abstract void lockForMigration(Statement s) throws SQLException;

  /** The schema version this code writes. */
  public static int schemaVersion() {
    return MIGRATIONS.size();
  }

  private void migrate() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      lockForMigration(s);
      s.execute("CREATE TABLE IF NOT EXISTS batch_schema (version INTEGER NOT NULL)");
      int version = 0;
      boolean hasRow = false;
      try (ResultSet r = s.executeQuery("SELECT version FROM batch_schema")) {
        if (r.next()) {
          version = r.getInt(1);
          hasRow = true;
        }
      }
      if (version > MIGRATIONS.size()) {
        throw new JournalException("the journal " + description + " has schema version " + version
            + ", newer than this SDK's " + MIGRATIONS.size() + ": use a newer yandexart-batch");
      }
      for (int v = version; v < MIGRATIONS.size(); v++) {
        for (String sql : MIGRATIONS.get(v)) {
          s.execute(sql);
        }
      }
      if (!hasRow) {
        s.executeUpdate("INSERT INTO batch_schema (version) VALUES (" + MIGRATIONS.size() + ")");
      } else if (version < MIGRATIONS.size()) {
        s.executeUpdate("UPDATE batch_schema SET version = " + MIGRATIONS.size());
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public synchronized void begin(String batchId, String source, List<BatchItem> items) {
    try {
      connection.setAutoCommit(false);
      try {
        Optional<String> existing = batchId();
        if (existing.isPresent() && !existing.get().equals(batchId)) {
          String other = "";
          try (Statement s = connection.createStatement();
              ResultSet r = s.executeQuery("SELECT source, items FROM batch_info WHERE id = 1")) {
            if (r.next()) {
              other = " (" + r.getInt(2) + " items from " + r.getString(1) + ")";
            }
          }
          throw new JournalException("the journal " + description + " holds another batch" + other
              + ": give this input its own journal (--journal) or output directory");
        }
        if (existing.isEmpty()) {
          try (PreparedStatement p = connection.prepareStatement("INSERT INTO batch_info (id, batch_id, source,"
              + " items, created_at) VALUES (1, ?, ?, ?, " + now() + ") ON CONFLICT (id) DO NOTHING")) {
            p.setString(1, batchId);
            p.setString(2, source);
            p.setInt(3, items.size());
            p.executeUpdate();
          }
          try (PreparedStatement p = connection.prepareStatement("INSERT INTO batch_items (line, name, prompt,"
              + " negatives, seed, aspect_ratio, mime_type, state, lease_expires, submits, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, 0, " + now() + ") ON CONFLICT (line) DO NOTHING")) {
            for (BatchItem item : items) {
              p.setInt(1, item.line());
              p.setString(2, item.name().orElse(null));
              p.setString(3, item.prompt());
              p.setString(4, Json.strings(item.negatives()));
              if (item.seed().isPresent()) {
                p.setLong(5, item.seed().getAsLong());
              } else {
                p.setNull(5, Types.BIGINT);
              }
              p.setString(6, item.aspectRatio().map(AspectRatio::toString).orElse(null));
              p.setString(7, item.mimeType().orElse(null));
              p.addBatch();
            }
            p.executeBatch();
          }
          // Two workers may have begun at once: the batch that won must be this one.
          Optional<String> now = batchId();
          if (!now.equals(Optional.of(batchId))) {
            throw new JournalException("the journal " + description + " holds another batch");
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      afterBegin();
    } catch (SQLException e) {
      throw error("record the batch", e);
    }
  }

  /** What a journal used by one process at a time does once it holds the batch. */
  protected void afterBegin() throws SQLException {}

  @Override
  public synchronized int expireSubmitting() {
    return update("UPDATE batch_items SET state = 'AMBIGUOUS', error_code = 'WORKER_LOST', error_message ="
        + " 'the worker stopped between recording the intent to submit and learning the operation id',"
        + " lease_expires = 0, updated_at = " + now() + " WHERE state = 'SUBMITTING' AND lease_expires < " + now());
  }

  @Override
  public synchronized Optional<ItemRecord> claimSubmit(String workerId, String clientRequestId, Duration lease,
      boolean includeAmbiguous) {
    String states = includeAmbiguous ? "('PENDING', 'AMBIGUOUS')" : "('PENDING')";
    return claim("UPDATE batch_items SET state = 'SUBMITTING', client_request_id = ?, worker_id = ?,"
        + " lease_expires = " + now() + " + ?, submits = submits + 1, updated_at = " + now()
        + " WHERE line = (SELECT line FROM batch_items WHERE state IN " + states + " ORDER BY line LIMIT 1"
        + claimLock() + ") AND state IN " + states + " RETURNING " + COLUMNS,
        clientRequestId, workerId, lease.toMillis());
  }

  @Override
  public synchronized Optional<ItemRecord> claimAwait(String workerId, Duration lease) {
    return claim("UPDATE batch_items SET worker_id = ?, lease_expires = " + now() + " + ?, updated_at = " + now()
        + " WHERE line = (SELECT line FROM batch_items WHERE state = 'SUBMITTED' AND lease_expires < " + now()
        + " ORDER BY line LIMIT 1" + claimLock() + ") AND state = 'SUBMITTED' RETURNING " + COLUMNS,
        workerId, lease.toMillis());
  }

  private Optional<ItemRecord> claim(String sql, Object... params) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, params);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(record(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw error("claim an item", e);
    }
  }

  @Override
  public synchronized boolean submitted(int line, String workerId, String clientRequestId, String operationId) {
    return update("UPDATE batch_items SET state = 'SUBMITTED', operation_id = ?, error_code = NULL,"
        + " error_message = NULL, worker_id = ?, updated_at = " + now() + " WHERE line = ? AND client_request_id = ?"
        + " AND (state = 'SUBMITTING' AND worker_id = ? OR state = 'AMBIGUOUS' AND operation_id IS NULL)",
        operationId, workerId, line, clientRequestId, workerId) == 1;
  }

  @Override
  public synchronized boolean done(int line, String workerId, String file, String sha256, long size,
      String modelVersion) {
    return update("UPDATE batch_items SET state = 'DONE', file = ?, sha256 = ?, size = ?, model_version = ?,"
        + " error_code = NULL, error_message = NULL, lease_expires = 0, updated_at = " + now()
        + " WHERE line = ? AND state = 'SUBMITTED' AND worker_id = ?",
        file, sha256, size, modelVersion, line, workerId) == 1;
  }

  @Override
  public synchronized boolean failed(int line, String workerId, String code, String message) {
    return update("UPDATE batch_items SET state = 'FAILED', error_code = ?, error_message = ?, lease_expires = 0,"
        + " updated_at = " + now() + " WHERE line = ? AND state IN ('SUBMITTING', 'SUBMITTED') AND worker_id = ?",
        code, message, line, workerId) == 1;
  }

  @Override
  public synchronized boolean cancelled(int line, String workerId, String message) {
    return update("UPDATE batch_items SET state = 'CANCELLED', error_code = 'CANCELLED', error_message = ?,"
        + " lease_expires = 0, updated_at = " + now() + " WHERE line = ? AND state = 'SUBMITTED' AND worker_id = ?",
        message, line, workerId) == 1;
  }

  @Override
  public synchronized boolean ambiguous(int line, String workerId, String code, String message) {
    return update("UPDATE batch_items SET state = 'AMBIGUOUS', error_code = ?, error_message = ?, lease_expires = 0,"
        + " updated_at = " + now() + " WHERE line = ? AND state = 'SUBMITTING' AND worker_id = ?",
        code, message, line, workerId) == 1;
  }

  @Override
  public synchronized boolean notAccepted(int line, String workerId, String code, String message) {
    return update("UPDATE batch_items SET state = 'PENDING', error_code = ?, error_message = ?, worker_id = NULL,"
        + " lease_expires = 0, updated_at = " + now() + " WHERE line = ? AND state = 'SUBMITTING' AND worker_id = ?",
        code, message, line, workerId) == 1;
  }

  @Override
  public synchronized boolean release(int line, String workerId, String code, String message) {
    return update("UPDATE batch_items SET error_code = ?, error_message = ?, worker_id = NULL, lease_expires = 0,"
        + " updated_at = " + now() + " WHERE line = ? AND state = 'SUBMITTED' AND worker_id = ?",
        code, message, line, workerId) == 1;
  }

  @Override
  public synchronized boolean refetched(int line, String workerId, String file, String sha256, long size) {
    return update("UPDATE batch_items SET file = ?, sha256 = ?, size = ?, worker_id = ?, error_code = NULL,"
        + " error_message = NULL, updated_at = " + now() + " WHERE line = ? AND state = 'DONE'",
        file, sha256, size, workerId, line) == 1;
  }

  @Override
  public synchronized int renew(String workerId, Duration lease) {
    return update("UPDATE batch_items SET lease_expires = " + now() + " + ? WHERE worker_id = ?"
        + " AND state IN ('SUBMITTING', 'SUBMITTED')", lease.toMillis(), workerId);
  }

  @Override
  public synchronized Map<ItemState, Integer> counts() {
    Map<ItemState, Integer> counts = new EnumMap<>(ItemState.class);
    for (ItemState s : ItemState.values()) {
      counts.put(s, 0);
    }
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT state, COUNT(*) FROM batch_items GROUP BY state")) {
      while (r.next()) {
        counts.put(ItemState.valueOf(r.getString(1)), r.getInt(2));
      }
    } catch (SQLException e) {
      throw error("count items", e);
    }
    return counts;
  }

  @Override
  public synchronized List<ItemRecord> records() {
    List<ItemRecord> records = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM batch_items ORDER BY line")) {
      while (r.next()) {
        records.add(record(r));
      }
    } catch (SQLException e) {
      throw error("read items", e);
    }
    return records;
  }

  @Override
  public synchronized Optional<ItemRecord> record(int line) {
    try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM batch_items WHERE line = ?")) {
      p.setInt(1, line);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(record(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw error("read an item", e);
    }
  }

  @Override
  public synchronized Optional<String> batchId() {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT batch_id FROM batch_info WHERE id = 1")) {
      return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw error("read the batch", e);
    }
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing is pending: every change was committed when it was made.
    }
  }

  protected int update(String sql, Object... params) {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, params);
      return p.executeUpdate();
    } catch (SQLException e) {
      throw error("record a change", e);
    }
  }

  private static void bind(PreparedStatement p, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object v = params[i];
      if (v == null) {
        p.setNull(i + 1, Types.VARCHAR);
      } else if (v instanceof Integer) {
        p.setInt(i + 1, (Integer) v);
      } else if (v instanceof Long) {
        p.setLong(i + 1, (Long) v);
      } else {
        p.setString(i + 1, v.toString());
      }
    }
  }

  private static ItemRecord record(ResultSet r) throws SQLException {
    BatchItem.Builder item = BatchItem.builder(r.getInt("line"), r.getString("prompt"))
        .name(r.getString("name"))
        .negatives(Json.strings(r.getString("negatives")))
        .mimeType(r.getString("mime_type"));
    long seed = r.getLong("seed");
    if (!r.wasNull()) {
      item.seed(seed);
    }
    String aspect = r.getString("aspect_ratio");
    if (aspect != null) {
      item.aspectRatio(AspectRatio.parse(aspect));
    }
    long size = r.getLong("size");
    Long sizeOrNull = r.wasNull() ? null : size;
    return ItemRecord.builder(item.build(), ItemState.valueOf(r.getString("state")))
        .clientRequestId(r.getString("client_request_id"))
        .operationId(r.getString("operation_id"))
        .file(r.getString("file"))
        .sha256(r.getString("sha256"))
        .size(sizeOrNull)
        .modelVersion(r.getString("model_version"))
        .error(r.getString("error_code"), r.getString("error_message"))
        .workerId(r.getString("worker_id"))
        .build();
  }

  protected JournalException error(String what, SQLException e) {
    return new JournalException("cannot " + what + " in the journal " + description + ": " + e.getMessage(), e);
  }
}
