package dev.intake.store.jdbc;

import java.sql.SQLException;

/** Maps one row to a value. */
@FunctionalInterface
public interface RowMapper<T> {
  T map(Row row) throws SQLException;
}
