package dev.intake.dashboard;

import dev.intake.testing.TestDatabases;
import java.util.Map;

class DashboardReadsPostgresTest extends DashboardReadsContract {
  private String schema;

  @Override
  void database(Map<String, String> vars) {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    vars.put("INTAKE_DATABASE_URL", TestDatabases.postgresUrlFor(schema));
  }

  @Override
  void afterNode() {
    TestDatabases.dropSchema(schema);
  }
}
