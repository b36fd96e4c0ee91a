package dev.intake.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.intake.store.postgres.PgNotifications;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled connection to the job store's database, migrated on open. SQLite runs in WAL mode and
 * starts every write transaction with {@code BEGIN IMMEDIATE}, so two writers queue on the busy
 * timeout instead of failing when one upgrades its lock.
 */
public final class Database implements AutoCloseable {

  /** The SQL dialects Intake ships queries and migrations for. */
  public enum Dialect {
    SQLITE("sqlite"),
    POSTGRES("postgres");

    private final String dir;

    Dialect(String dir) {
      this.dir = dir;
    }

    public String dir() {
      return dir;
    }
  }

  /** Work done on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Queries queries;
  private PgNotifications notifications;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.queries = new Queries(dialect.dir());
  }

  /**
   * The notification listener of a PostgreSQL database, started on first use; empty for SQLite,
   * whose other processes find work by polling.
   */
  public synchronized Optional<PgNotifications> notifications() {
    if (dialect != Dialect.POSTGRES) {
      return Optional.empty();
    }
    if (notifications == null) {
      notifications =
          new PgNotifications(
              dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
    }
    return Optional.of(notifications);
  }

  /** Opens (creating if needed) the SQLite database file and migrates it. */
  public static Database openSqlite(Path file) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    hc.addDataSourceProperty("journal_mode", "WAL");
    hc.addDataSourceProperty("synchronous", "NORMAL");
    hc.addDataSourceProperty("busy_timeout", "30000");
    hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    hc.setMaximumPoolSize(6);
    hc.setPoolName("intake-sqlite");
    return migrate(new HikariDataSource(hc), Dialect.SQLITE, null);
  }

  /**
   * Opens a PostgreSQL database and migrates it. {@code schema}, when given, is created if missing
   * and used as the search path (tests give each run its own).
   */
  public static Database openPostgres(String jdbcUrl, String user, String password, String schema) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    if (schema != null) {
      hc.setSchema(schema);
    }
    hc.setMaximumPoolSize(10);
    hc.setPoolName("intake-postgres");
    return migrate(new HikariDataSource(hc), Dialect.POSTGRES, schema);
  }

  private static Database migrate(HikariDataSource ds, Dialect dialect, String schema) {
    try {
      var fw =
          Flyway.configure()
              .dataSource(ds)
              .locations("classpath:dev/intake/store/migration/" + dialect.dir())
              .loggers("slf4j");
      if (schema != null) {
        fw = fw.schemas(schema).defaultSchema(schema).createSchemas(true);
      }
      fw.load().migrate();
      return new Database(ds, dialect);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(new Tx(c, queries));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Runs {@code work} in auto-commit mode: each statement on its own. */
  public <T> T autoCommit(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(new Tx(c, queries));
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  public boolean isHealthy() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (notifications != null) {
      notifications.close();
    }
    dataSource.close();
  }
}
