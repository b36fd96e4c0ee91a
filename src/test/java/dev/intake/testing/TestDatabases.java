package dev.intake.testing;

import dev.intake.store.jdbc.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for tests: a fresh SQLite file, or a fresh schema in the PostgreSQL server ({@code
 * INTAKE_TEST_POSTGRES_URL}, default the local server's {@code test} database). Without a reachable
 * server PostgreSQL tests are skipped, and counted in one loud line at the end of the run; under
 * {@code CI=true} they fail, as they do everywhere when the server answers with an error.
 */
public final class TestDatabases {
  public static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault(
              "INTAKE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private TestDatabases() {}

  public static Database sqlite(Path dir) {
    return Database.openSqlite(dir.resolve("intake-test.db"));
  }

  /**
   * Skips the calling test when the PostgreSQL server cannot be reached (under {@code CI=true}:
   * fails it), and fails it when the server answers with any other error. See {@link PostgresGate}.
   */
  public static void requirePostgres() {
    PostgresGate.require(POSTGRES_URL, "true".equalsIgnoreCase(System.getenv("CI")));
  }

  /** A new, empty schema name; the database is migrated into it. */
  public static String newSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static Database postgres(String schema) {
    requirePostgres();
    return Database.openPostgres(POSTGRES_URL, null, null, schema);
  }

  /** A JDBC URL whose connections use {@code schema}, for child processes. */
  public static String postgresUrlFor(String schema) {
    return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public static void dropSchema(String schema) {
    if (schema == null || !PostgresGate.answered(POSTGRES_URL)) {
      return; // the test was skipped before it made one
    }
    try (Connection c = DriverManager.getConnection(POSTGRES_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // best effort: a leftover schema only costs disk space
    }
  }
}
