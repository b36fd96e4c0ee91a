package dev.intake.cli;

import dev.intake.config.ConfigException;
import dev.intake.config.IntakeConfig;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags shared by the commands that run a node; each overrides its environment variable. */
final class NodeOptions {
  @Option(names = "--data-dir", description = "Data directory (INTAKE_DATA_DIR, default ./data)")
  String dataDir;

  @Option(
      names = "--database-url",
      description = "PostgreSQL URL (INTAKE_DATABASE_URL); unset: SQLite in the data dir")
  String databaseUrl;

  @Option(names = "--workers", description = "Worker threads (TASK_MAX_WORKERS, default 2)")
  Integer workers;

  /** The environment with the given flags laid over it, validated. */
  IntakeConfig config(Map<String, String> extra) {
    Map<String, String> vars = new HashMap<>(System.getenv());
    put(vars, "INTAKE_DATA_DIR", dataDir);
    put(vars, "INTAKE_DATABASE_URL", databaseUrl);
    put(vars, "TASK_MAX_WORKERS", workers == null ? null : workers.toString());
    vars.putAll(extra);
    return IntakeConfig.from(vars);
  }

  static void put(Map<String, String> vars, String name, String value) {
    if (value != null) {
      vars.put(name, value);
    }
  }

  static int reportConfigError(ConfigException e) {
    System.err.println("intake: " + e.getMessage());
    return 2;
  }
}
