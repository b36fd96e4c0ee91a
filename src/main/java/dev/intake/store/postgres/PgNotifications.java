package dev.intake.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for PostgreSQL notifications on one dedicated connection and hands each payload to the
 * subscribers of its channel. Reconnects after a failure; while it is down, the workers' slow poll
 * still finds every job, only later.
 */
public final class PgNotifications implements AutoCloseable {
  /** Jobs became runnable (enqueue, retry, rescue). */
  public static final String JOBS = "intake_jobs";

  /** A client asked to cancel a running job; payload is its id. */
  public static final String CANCEL = "intake_cancel";

  /** The index outbox grew. */
  public static final String INDEX = "intake_index";

  private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);

  /**
   * Every channel listened to, each sent by the store. No channel carries job events: live events
   * from other processes come from a poll of jobs whose {@code updated_at} moved.
   */
  public static final List<String> CHANNELS = List.of(JOBS, CANCEL, INDEX);

  private final String jdbcUrl;
  private final Properties props;
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  public PgNotifications(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    this.thread = new Thread(this::loop, "pg-listen");
    thread.setDaemon(true);
    thread.start();
  }

  public void subscribe(String channel, Consumer<String> subscriber) {
    subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
  }

  private void loop() {
    long backoff = 200;
    while (running) {
      try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
        connection = c;
        try (Statement s = c.createStatement()) {
          for (String channel : CHANNELS) {
            s.execute("LISTEN " + channel);
          }
        }
        backoff = 200;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] batch = pg.getNotifications(500);
          if (batch != null) {
            for (PGNotification n : batch) {
              dispatch(n.getName(), n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          log.warn("LISTEN connection lost ({}); retrying in {} ms", e.getMessage(), backoff);
          sleep(backoff);
          backoff = Math.min(backoff * 2, Duration.ofSeconds(10).toMillis());
        }
      }
    }
  }

  private void dispatch(String channel, String payload) {
    for (Consumer<String> s : subscribers.getOrDefault(channel, List.of())) {
      try {
        s.accept(payload);
      } catch (RuntimeException e) {
        log.debug("notification subscriber failed", e);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      Connection c = connection;
      if (c != null) {
        c.close();
      }
      thread.join(2000);
    } catch (SQLException | InterruptedException e) {
      // closing anyway
    }
  }
}
