package dev.intake.store.jdbc;

import dev.intake.store.StoreAvailability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether the database answers: a trivial query every {@code interval}, with a short
 * time-out, on a connection of its own, outside the pool, so a pool that is busy or holds dead
 * connections cannot fool it. Tells {@link StoreAvailability} what it found; looks at once when a
 * call suspects an outage.
 */
final class DatabaseProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);
  private static final Executor DIRECT = Runnable::run;

  private final String jdbcUrl;
  private final Properties properties;
  private final String query;
  private final Duration timeout;
  private final Duration interval;
  private final StoreAvailability availability;
  private final Thread thread;
  private final Object signal = new Object();
  private boolean lookNow;
  private volatile boolean running = true;
  private Connection connection;

  DatabaseProbe(
      String jdbcUrl,
      Properties properties,
      String query,
      Duration timeout,
      Duration interval,
      StoreAvailability availability) {
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    this.query = query;
    this.timeout = timeout;
    this.interval = interval;
    this.availability = availability;
    this.thread = Thread.ofPlatform().daemon().name("db-probe").unstarted(this::loop);
    availability.whenSuspected(this::lookNow);
  }

  /**
   * Connects, then starts looking. Connected first, an outage is found by a query that gets no
   * answer within the time-out, not by a login, which may take long on a loaded host; the probe
   * logs in again only once it has found the database unreachable.
   */
  void start() {
    try {
      connection = DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      log.debug("the probe could not connect yet", e); // its first look reports it
    }
    thread.start();
  }

  /** Runs the next probe now instead of at the end of the interval. */
  void lookNow() {
    synchronized (signal) {
      lookNow = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        Optional<String> problem = probeOnce();
        if (!running) {
          return;
        }
        if (problem.isEmpty()) {
          availability.up();
        } else {
          availability.down(problem.get());
        }
        awaitNext();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A listener failed; the probe must go on, or the store would stay closed for good.
        log.error("database probe pass failed", e);
      }
    }
  }

  /** Empty when the database answered within the time-out; otherwise why not. */
  Optional<String> probeOnce() {
    try {
      if (connection == null) {
        connection = DriverManager.getConnection(jdbcUrl, properties);
      }
      connection.setNetworkTimeout(DIRECT, (int) Math.max(1, timeout.toMillis()));
      try (Statement s = connection.createStatement()) {
        s.execute(query);
      }
      return Optional.empty();
    } catch (SQLException e) {
      log.debug("probe failed", e);
      closeConnection();
      return Optional.of(
          Unreachable.reason(e)
              .orElse("the database refused the probe (SQLState " + e.getSQLState() + ")"));
    }
  }

  private void awaitNext() throws InterruptedException {
    long deadline = System.nanoTime() + interval.toNanos();
    synchronized (signal) {
      while (!lookNow && running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        signal.wait(Math.max(1, left / 1_000_000));
      }
      lookNow = false;
    }
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.abort(DIRECT); // close() would try to say goodbye over a link that may be dead
      } catch (SQLException | RuntimeException e) {
        log.debug("closing the probe connection failed", e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    lookNow();
    try {
      thread.join(timeout.multipliedBy(2).plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      closeConnection();
    }
  }
}
