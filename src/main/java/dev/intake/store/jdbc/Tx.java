package dev.intake.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs named queries on one connection, inside a transaction or in auto-commit mode. */
public final class Tx {
  private final Connection connection;
  private final Queries queries;

  Tx(Connection connection, Queries queries) {
    this.connection = connection;
    this.queries = queries;
  }

  public int update(String name, Params params) throws SQLException {
    NamedQuery q = queries.get(name);
    try (PreparedStatement ps = prepare(q, params)) {
      return ps.executeUpdate();
    }
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
    NamedQuery q = queries.get(name);
    try (PreparedStatement ps = prepare(q, params);
        ResultSet rs = ps.executeQuery()) {
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

  private PreparedStatement prepare(NamedQuery q, Params params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(q.sql());
    try {
      bind(ps, q, params);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
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
