package dev.intake.dashboard;

import java.util.Map;

class DashboardReadsSqliteTest extends DashboardReadsContract {
  @Override
  void database(Map<String, String> vars) {}
}
