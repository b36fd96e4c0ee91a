package dev.intake.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * server PostgreSQL tests are skipped, loudly; under {@code CI=true} they fail.
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

  /** Skips (or, under CI, fails) the calling test unless PostgreSQL answers. */
  public static void requirePostgres() {
    String problem = postgresProblem();
    if (problem == null) {
      return;
    }
    String message = "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + problem + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + ": PostgreSQL tests are required under CI=true");
    }
    System.err.println("*** SKIPPED: " + message + " ***");
    assumeTrue(false, message);
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
    try (Connection c = DriverManager.getConnection(POSTGRES_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // best effort: a leftover schema only costs disk space
    }
  }

  private static String postgresProblem() {
    try (Connection c = DriverManager.getConnection(POSTGRES_URL)) {
      return c.isValid(2) ? null : "connection not valid";
    } catch (SQLException e) {
      return e.getMessage();
    }
  }
}
