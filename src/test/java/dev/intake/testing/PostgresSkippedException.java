package dev.intake.testing;

import org.opentest4j.TestAbortedException;

/**
 * A test skipped because the PostgreSQL server could not be reached; {@link PostgresSkipReport}
 * counts them and says so at the end of the run.
 */
public final class PostgresSkippedException extends TestAbortedException {
  private final String where;

  /**
   * @param where the server's URL and why it could not be reached
   */
  public PostgresSkippedException(String message, String where) {
    super(message);
    this.where = where;
  }

  public String where() {
    return where;
  }
}
