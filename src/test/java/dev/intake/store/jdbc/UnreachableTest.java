package dev.intake.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which failures mean "the database cannot be reached". The exceptions come from the real driver
 * and pool where they can be provoked here; SQLStates the server sends are built as it sends them.
 */
class UnreachableTest {

  @Test
  void connectionExceptionsAndServerShutdownAreUnreachable() {
    assertThat(Unreachable.reason(new SQLException("I/O error", "08006"))).isPresent();
    assertThat(Unreachable.reason(new SQLException("cannot connect", "08001"))).isPresent();
    assertThat(Unreachable.reason(new SQLException("terminating", "57P01")))
        .contains("the server is shutting down");
    assertThat(Unreachable.reason(new SQLException("crash", "57P02"))).isPresent();
    assertThat(Unreachable.reason(new SQLException("starting up", "57P03"))).isPresent();
    assertThat(Unreachable.reason(new SQLException("too many clients", "53300"))).isPresent();
  }

  @Test
  void socketFailuresAnywhereInTheChainAreUnreachableAndSayWhich() {
    assertThat(
            Unreachable.reason(
                new SQLException(
                    "I/O error", "08006", new SocketTimeoutException("Read timed out"))))
        .contains("no answer in time");
    assertThat(
            Unreachable.reason(
                new SQLTransientConnectionException(
                    "pool timed out",
                    "08001",
                    new SQLException("x", "08001", new ConnectException("Connection refused")))))
        .contains("connection refused");
  }

  @Test
  void thePoolsTimeOutIsUnreachable() throws Exception {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none"); // nothing listens on port 1
    hc.setConnectionTimeout(250);
    hc.setInitializationFailTimeout(-1);
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      SQLException e = null;
      try {
        ds.getConnection().close();
      } catch (SQLException failed) {
        e = failed;
      }
      assertThat((Throwable) e).isInstanceOf(SQLTransientConnectionException.class);
      assertThat(Unreachable.reason(e)).isPresent();
    }
  }

  @Test
  void errorsOfTheStatementOrTheDataAreNot() {
    assertThat(Unreachable.reason(new SQLException("duplicate key", "23505"))).isEmpty();
    assertThat(Unreachable.reason(new SQLException("syntax error", "42601"))).isEmpty();
    assertThat(Unreachable.reason(new SQLException("serialization failure", "40001"))).isEmpty();
    assertThat(Unreachable.reason(new SQLException("[SQLITE_BUSY] database is locked")))
        .isEqualTo(Optional.empty());
  }
}
