package dev.intake.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a test that needs PostgreSQL runs, is skipped or fails. Only a server that cannot
 * be reached (connection refused, or no answer within {@link #TIMEOUT}) skips the test, and under
 * {@code CI=true} even that fails it. A server that answers but refuses the tests (no such
 * database, wrong user or password, any other SQL error) fails the test everywhere: that is a
 * broken setup, not a missing server. The server is asked once per URL and JVM.
 */
public final class PostgresGate {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private static final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  private PostgresGate() {}

  /** What asking the server at a URL found: {@code problem} is null when it answered. */
  private record Verdict(Kind kind, String problem) {}

  private enum Kind {
    REACHABLE,
    UNREACHABLE,
    BROKEN
  }

  /**
   * Returns if PostgreSQL at {@code url} can be used; otherwise skips the calling test (server not
   * reachable) or fails it (any other error, or not reachable while {@code ci}).
   */
  public static void require(String url, boolean ci) {
    Verdict v = verdicts.computeIfAbsent(url, PostgresGate::ask);
    switch (v.kind()) {
      case REACHABLE -> {}
      case BROKEN ->
          fail("PostgreSQL at " + url + " answered but cannot run the tests: " + v.problem());
      case UNREACHABLE -> {
        String message = "PostgreSQL is not reachable at " + url + " (" + v.problem() + ")";
        if (ci) {
          fail(message + ": PostgreSQL tests are required under CI=true");
        }
        throw new PostgresSkippedException(message, url + ": " + v.problem());
      }
    }
  }

  /** Whether the server at {@code url} was asked and answered. */
  static boolean answered(String url) {
    Verdict v = verdicts.get(url);
    return v != null && v.kind() == Kind.REACHABLE;
  }

  private static Verdict ask(String url) {
    Properties props = new Properties();
    props.setProperty("connectTimeout", Long.toString(TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(TIMEOUT.toSeconds()));
    try (Connection c = DriverManager.getConnection(url, props)) {
      return c.isValid((int) TIMEOUT.toSeconds())
          ? new Verdict(Kind.REACHABLE, null)
          : new Verdict(Kind.UNREACHABLE, "no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (SQLException e) {
      String cause = unreachableCause(e);
      return cause != null
          ? new Verdict(Kind.UNREACHABLE, cause)
          : new Verdict(Kind.BROKEN, e.getMessage() + " (SQLState " + e.getSQLState() + ")");
    }
  }

  /** "connection refused" or "timed out" when that is why the connection failed, else null. */
  private static String unreachableCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "connection refused: " + t.getMessage();
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out after " + TIMEOUT.toSeconds() + " s: " + t.getMessage();
      }
    }
    return null;
  }
}
