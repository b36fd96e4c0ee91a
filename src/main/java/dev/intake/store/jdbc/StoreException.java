package dev.intake.store.jdbc;

import java.sql.SQLException;

/** A database error the store could not handle; callers treat it as transient. */
public final class StoreException extends RuntimeException {
  public StoreException(SQLException cause) {
    super("database error: " + cause.getMessage(), cause);
  }
}
