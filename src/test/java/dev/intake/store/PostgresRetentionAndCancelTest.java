package dev.intake.store;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.TestDatabases;

class PostgresRetentionAndCancelTest extends RetentionAndCancelContract {
  private String schema;

  @Override
  protected Database openDatabase() {
    schema = TestDatabases.newSchema();
    return TestDatabases.postgres(schema);
  }

  @Override
  protected void dropDatabase() {
    TestDatabases.dropSchema(schema);
  }
}
