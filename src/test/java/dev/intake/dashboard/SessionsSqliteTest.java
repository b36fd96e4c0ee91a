package dev.intake.dashboard;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SessionsSqliteTest extends SessionsContract {
  @TempDir Path dir;

  @Override
  Database open() {
    return TestDatabases.sqlite(dir);
  }
}
