package dev.intake.testing;

import dev.intake.app.IntakeNode;
import dev.intake.config.IntakeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Starts a real Intake node in this JVM on a free port with test-friendly timings. */
public final class TestNode {
  private TestNode() {}

  public static Map<String, String> defaults(Path dataDir) {
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_DATA_DIR", dataDir.toString());
    vars.put("INTAKE_PORT", "0");
    vars.put("TASK_MAX_WORKERS", "2");
    vars.put("TASK_RETRY_DELAY", "0.2");
    vars.put("TASK_LEASE_DURATION", "5");
    vars.put("TASK_POLL_INTERVAL", "0.2");
    vars.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.2");
    vars.put("TASK_SHUTDOWN_GRACE", "5");
    return vars;
  }

  public static IntakeNode serve(Map<String, String> vars) {
    try {
      return IntakeNode.start(IntakeConfig.from(vars), IntakeNode.Role.SERVE, Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static IntakeNode serve(Path dataDir) {
    return serve(defaults(dataDir));
  }
}
