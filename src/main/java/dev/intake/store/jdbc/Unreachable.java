package dev.intake.store.jdbc;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells a failure to reach the database from every other database error, and says it in words that
 * name no host, port or credential. Unreachable: SQLState class 08 (connection exception),
 * 57P01–57P03 (the server shuts down, crashed, or does not accept connections yet), 53300 (no
 * connection slot left), the pool's time-out waiting for a connection, and socket failures anywhere
 * in the cause chain.
 */
final class Unreachable {
  private Unreachable() {}

  /** Why {@code e} means the database cannot be reached; empty for any other error. */
  static Optional<String> reason(Throwable e) {
    List<Throwable> chain = chain(e);
    for (Throwable t : chain) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return Optional.of("connection refused");
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SocketTimeoutException) {
        return Optional.of("no answer in time");
      }
    }
    for (Throwable t : chain) {
      String state = t instanceof SQLException s ? s.getSQLState() : null;
      if (state == null) {
        continue;
      }
      switch (state) {
        case "57P01" -> {
          return Optional.of("the server is shutting down");
        }
        case "57P02" -> {
          return Optional.of("the server crashed");
        }
        case "57P03" -> {
          return Optional.of("the server does not accept connections yet");
        }
        case "53300" -> {
          return Optional.of("the server has no connection slot left");
        }
        default -> {
          if (state.startsWith("08")) {
            return Optional.of("connection lost or refused");
          }
        }
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SocketException || t instanceof EOFException) {
        return Optional.of("connection lost");
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SQLTransientConnectionException) {
        return Optional.of("no connection within the time-out");
      }
    }
    return Optional.empty();
  }

  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t) && out.size() < 16; t = t.getCause()) {
      out.add(t);
      if (t instanceof SQLException s
          && s.getNextException() != null
          && s.getNextException() != s.getCause()) {
        out.add(s.getNextException());
      }
    }
    return out;
  }
}
