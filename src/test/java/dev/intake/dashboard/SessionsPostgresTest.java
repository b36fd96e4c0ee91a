package dev.intake.dashboard;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;

class SessionsPostgresTest extends SessionsContract {
  private String schema;

  @Override
  Database open() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    return TestDatabases.postgres(schema);
  }

  @AfterEach
  void dropSchema() {
    TestDatabases.dropSchema(schema);
  }
}
