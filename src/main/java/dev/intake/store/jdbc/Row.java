package dev.intake.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A result-set row with null-aware getters; times are stored as epoch milliseconds. */
public final class Row {
  private final ResultSet rs;

  Row(ResultSet rs) {
    this.rs = rs;
  }

  public String str(String column) throws SQLException {
    return rs.getString(column);
  }

  public int integer(String column) throws SQLException {
    return rs.getInt(column);
  }

  public Integer intOrNull(String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  public long longValue(String column) throws SQLException {
    return rs.getLong(column);
  }

  public Long longOrNull(String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  public double dbl(String column) throws SQLException {
    return rs.getDouble(column);
  }

  public boolean bool(String column) throws SQLException {
    return rs.getInt(column) != 0;
  }

  public byte[] bytes(String column) throws SQLException {
    return rs.getBytes(column);
  }

  public Instant instant(String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  public long longAt(int index) throws SQLException {
    return rs.getLong(index);
  }
}
