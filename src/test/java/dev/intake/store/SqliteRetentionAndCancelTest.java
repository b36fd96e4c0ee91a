package dev.intake.store;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRetentionAndCancelTest extends RetentionAndCancelContract {
  @TempDir Path dir;

  @Override
  protected Database openDatabase() {
    return TestDatabases.sqlite(dir);
  }
}
