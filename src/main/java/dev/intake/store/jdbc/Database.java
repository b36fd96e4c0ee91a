package dev.intake.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.intake.store.StoreAvailability;
import dev.intake.store.StoreUnavailableException;
import dev.intake.store.postgres.PgNotifications;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled connection to the job store's database, migrated on open. SQLite runs in WAL mode and
 * starts every write transaction with {@code BEGIN IMMEDIATE}, so two writers queue on the busy
 * timeout instead of failing when one upgrades its lock. It syncs the log at every commit ({@code
 * synchronous=FULL}): a committed transaction survives a power cut, not only a crash of the
 * process. On PostgreSQL, {@link #inDurableTransaction} commits durably whatever the server's or
 * the role's {@code synchronous_commit} says.
 *
 * <p>PostgreSQL can be out of reach. Getting a connection waits at most the database time-out, a
 * statement's socket read at most {@link #STATEMENT_SOCKET_TIMEOUT}, and a probe ({@link
 * StoreAvailability}) watches the server: once it is known to be down, calls fail at once with
 * {@link StoreUnavailableException}, and calls stuck on a dead link are aborted. Every failure to
 * reach the database is reported as that exception; any other database error as {@link
 * StoreException}.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /**
   * The time-out a PostgreSQL node uses unless told otherwise ({@code INTAKE_DATABASE_TIMEOUT}).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The longest a statement may wait for the next bytes from the server: a backstop for a link that
   * died without the probe noticing, long enough for any legitimate statement (migrations are not
   * bound by it).
   */
  public static final Duration STATEMENT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The least time the driver gives one new connection to connect and log in. Making a connection
   * costs the server a process; on a loaded host that takes far longer than a query, and a request
   * never waits for it longer than the database time-out anyway (the pool's wait).
   */
  static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How often the probe looks at a PostgreSQL server. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

  private static final Executor DIRECT = Runnable::run;

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

  /** Work that also needs the connection itself (savepoints). */
  @FunctionalInterface
  interface ConnectionWork<T> {
    T run(Tx tx, Connection c) throws SQLException;
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Queries queries;
  private final StoreAvailability availability = new StoreAvailability(Clock.systemUTC());
  private final Set<Connection> inUse = ConcurrentHashMap.newKeySet();
  private DatabaseProbe probe;
  private PgNotifications notifications;
  private GroupCommit groupCommit;
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.queries = new Queries(dialect.dir());
    availability.subscribe(
        (available, reason) -> {
          if (!available) {
            abortCallsInProgress();
          }
        });
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
    // FULL: each commit waits for the log to reach the disk, so what was acknowledged survives a
    // power cut (NORMAL in WAL mode may lose the last commits).
    hc.addDataSourceProperty("synchronous", "FULL");
    hc.addDataSourceProperty("busy_timeout", "30000");
    hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    hc.setMaximumPoolSize(6);
    hc.setPoolName("intake-sqlite");
    Database db = migrate(new HikariDataSource(hc), Dialect.SQLITE, null);
    db.groupCommit = new GroupCommit(db);
    return db;
  }

  /** {@link #openPostgres(String, String, String, String, Duration)} with the default time-out. */
  public static Database openPostgres(String jdbcUrl, String user, String password, String schema) {
    return openPostgres(jdbcUrl, user, password, schema, DEFAULT_TIMEOUT);
  }

  /**
   * Opens a PostgreSQL database and migrates it. {@code schema}, when given, is created if missing
   * and used as the search path (tests give each run its own). {@code timeout} bounds how long a
   * call waits for a connection from the pool, and the probe's query.
   */
  public static Database openPostgres(
      String jdbcUrl, String user, String password, String schema, Duration timeout) {
    Properties driver = new Properties();
    // The driver counts these in whole seconds.
    long connect = Math.max(MIN_CONNECT_TIMEOUT.toMillis(), timeout.toMillis());
    String seconds = Long.toString((connect + 999) / 1000);
    driver.setProperty("connectTimeout", seconds);
    driver.setProperty("loginTimeout", seconds);
    driver.setProperty("tcpKeepAlive", "true");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setDataSourceProperties(driver);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    if (schema != null) {
      hc.setSchema(schema);
    }
    long waitMs = Math.max(250, timeout.toMillis()); // the pool's minimum
    hc.setConnectionTimeout(waitMs);
    hc.setValidationTimeout(Math.max(250, waitMs / 2));
    hc.setMaximumPoolSize(10);
    // Connections are made on demand only, and kept: a pool that keeps refilling itself during an
    // outage backs off up to 5 s between tries, and would then be that slow to recover.
    hc.setMinimumIdle(0);
    hc.setIdleTimeout(0);
    hc.setPoolName("intake-postgres");
    Database db = migrate(new HikariDataSource(hc), Dialect.POSTGRES, schema);
    Properties probe = new Properties();
    probe.putAll(driver);
    if (user != null) {
      probe.setProperty("user", user);
    }
    if (password != null) {
      probe.setProperty("password", password);
    }
    db.probe =
        new DatabaseProbe(
            jdbcUrl,
            probe,
            db.queries.get("probe").sql(),
            timeout,
            PROBE_INTERVAL,
            db.availability);
    db.probe.start();
    return db;
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

  /** Whether the database can be reached, as far as this process knows; never blocks. */
  public StoreAvailability availability() {
    return availability;
  }

  /**
   * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
   *
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws StoreException for any other database error
   */
  public <T> T inTransaction(Work<T> work) {
    return inTransaction((tx, c) -> work.run(tx));
  }

  /** {@link #inTransaction(Work)} for work that needs the connection too. */
  <T> T inTransaction(ConnectionWork<T> work) {
    if (dialect != Dialect.SQLITE) {
      return transaction(work);
    }
    // SQLite has one writer; a writer that finds it busy sleeps in growing steps (up to 100 ms)
    // before it looks again. Writers of this process queue here instead, in order, and each
    // finds the database free as the one before it commits.
    writeLock.lock();
    try {
      return transaction(work);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T transaction(ConnectionWork<T> work) {
    return withConnection(
        c -> {
          c.setAutoCommit(false);
          try (Tx tx = new Tx(c, queries)) {
            T result = work.run(tx, c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
          }
        });
  }

  /**
   * {@link #inTransaction}, committed durably: it returns only once the transaction survives a
   * power cut. For what the API acknowledges (an upload's {@code 202}). SQLite commits every
   * transaction so, and runs these in groups ({@link GroupCommit}): concurrent callers share one
   * commit, and the work runs on the group's writer thread. PostgreSQL is told so for this
   * transaction ({@code synchronous_commit=on}), in case the server or the role was set to commit
   * asynchronously.
   */
  public <T> T inDurableTransaction(Work<T> work) {
    if (groupCommit != null) {
      return groupCommit.run(work);
    }
    return inTransaction(
        tx -> {
          if (dialect == Dialect.POSTGRES) {
            tx.update("commit_durably", Params.of());
          }
          return work.run(tx);
        });
  }

  /**
   * Runs {@code work} in auto-commit mode: each statement on its own.
   *
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws StoreException for any other database error
   */
  public <T> T autoCommit(Work<T> work) {
    return withConnection(
        c -> {
          try (Tx tx = new Tx(c, queries)) {
            return work.run(tx);
          }
        });
  }

  /** Whether the database is known to be reachable; never waits for it. */
  public boolean isHealthy() {
    return availability.isAvailable();
  }

  private interface OnConnection<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(OnConnection<T> work) {
    availability.check(); // known down: fail now rather than wait for a time-out
    try (Connection c = dataSource.getConnection()) {
      inUse.add(c);
      try {
        if (dialect == Dialect.POSTGRES) {
          // Reset by the pool when the connection goes back; migrations run without it.
          c.setNetworkTimeout(DIRECT, (int) STATEMENT_SOCKET_TIMEOUT.toMillis());
        }
        return work.run(c);
      } finally {
        inUse.remove(c);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private RuntimeException failure(SQLException e) {
    Optional<String> unreachable = Unreachable.reason(e);
    if (unreachable.isEmpty()) {
      return new StoreException(e);
    }
    availability.suspect();
    return new StoreUnavailableException(unreachable.get(), e);
  }

  /** Rolls back after {@code cause}; a link that died cannot roll back, and the server will. */
  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Ends calls blocked on connections to a server the probe found unreachable: without this each
   * would wait for its socket time-out. The pool discards the aborted connections.
   */
  private void abortCallsInProgress() {
    for (Connection c : inUse) {
      try {
        c.abort(DIRECT);
      } catch (SQLException | RuntimeException e) {
        log.debug("aborting a connection failed", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (groupCommit != null) {
      groupCommit.close();
    }
    if (probe != null) {
      probe.close();
    }
    if (notifications != null) {
      notifications.close();
    }
    dataSource.close();
  }
}
