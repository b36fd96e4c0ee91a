package dev.intake.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named queries on one connection, inside a transaction or in auto-commit mode. Each query is
 * prepared once per {@code Tx} and reused: a group commit runs the same few statements for every
 * upload of its group, and preparing them (parsing, planning every index and trigger they touch)
 * would otherwise cost more than running them. {@link #close()} releases the statements.
 */
public final class Tx implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tx.class);

  private final Connection connection;
  private final Queries queries;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  Tx(Connection connection, Queries queries) {
    this.connection = connection;
    this.queries = queries;
  }

  public int update(String name, Params params) throws SQLException {
    return prepare(queries.get(name), params).executeUpdate();
  }

  /** Runs the statement once per parameter set in one JDBC batch. */
  public void batch(String name, List<Params> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    NamedQuery q = queries.get(name);
    try (PreparedStatement ps = connection.prepareStatement(q.sql())) {
      for (Params p : rows) {
        bind(ps, q, p);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public <T> List<T> list(String name, Params params, RowMapper<T> mapper) throws SQLException {
    try (ResultSet rs = prepare(queries.get(name), params).executeQuery()) {
      List<T> out = new ArrayList<>();
      Row row = new Row(rs);
      while (rs.next()) {
        out.add(mapper.map(row));
      }
      return out;
    }
  }

  public <T> Optional<T> one(String name, Params params, RowMapper<T> mapper) throws SQLException {
    List<T> rows = list(name, params, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public long scalar(String name, Params params) throws SQLException {
    return one(name, params, r -> r.longAt(1)).orElse(0L);
  }

  /** The query's statement, prepared on first use, with {@code params} bound. */
  private PreparedStatement prepare(NamedQuery q, Params params) throws SQLException {
    PreparedStatement ps = prepared.get(q.name());
    if (ps == null) {
      ps = connection.prepareStatement(q.sql());
      prepared.put(q.name(), ps);
    } else {
      ps.clearParameters();
    }
    bind(ps, q, params);
    return ps;
  }

  /**
   * Closes the statements this {@code Tx} prepared; the connection stays open. It runs once the
   * transaction has committed or rolled back, so a statement that fails to close changes nothing
   * that was decided: it is logged, not thrown (the pool discards a connection that broke).
   */
  @Override
  public void close() {
    for (PreparedStatement ps : prepared.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        log.debug("closing a prepared statement failed", e);
      }
    }
    prepared.clear();
  }

  private static void bind(PreparedStatement ps, NamedQuery q, Params params) throws SQLException {
    List<String> names = q.parameterNames();
    for (int i = 0; i < names.size(); i++) {
      Object v = params.value(q.name(), names.get(i));
      if (v instanceof Instant t) {
        ps.setLong(i + 1, t.toEpochMilli());
      } else if (v instanceof Boolean b) {
        ps.setInt(i + 1, b ? 1 : 0);
      } else if (v instanceof Enum<?> e) {
        throw new IllegalArgumentException("bind the wire name of " + e + ", not the enum");
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }
}
