package dev.intake.app;

import dev.intake.store.jdbc.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the job store named by {@code INTAKE_DATABASE_URL}: {@code
 * postgresql://user[:pw]@host:port/db} or {@code jdbc:postgresql://…}; unset means the embedded
 * SQLite file in the data directory. {@code timeout} bounds how long PostgreSQL calls wait for a
 * connection ({@code INTAKE_DATABASE_TIMEOUT}).
 */
final class DatabaseUrl {
  private DatabaseUrl() {}

  static Database open(String url, Path dataDir, Duration timeout) {
    if (url == null) {
      return Database.openSqlite(dataDir.resolve("intake.db"));
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Database.openPostgres(url, null, null, null, timeout);
    }
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      URI u = URI.create(url);
      String user = null;
      String password = null;
      if (u.getUserInfo() != null) {
        String[] parts = u.getUserInfo().split(":", 2);
        user = parts[0];
        password = parts.length > 1 ? parts[1] : null;
      }
      String jdbc =
          "jdbc:postgresql://"
              + u.getHost()
              + (u.getPort() > 0 ? ":" + u.getPort() : "")
              + u.getRawPath()
              + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
      return Database.openPostgres(jdbc, user, password, null, timeout);
    }
    throw new IllegalArgumentException(
        "INTAKE_DATABASE_URL must start with postgresql:// or jdbc:postgresql:");
  }
}
