package dev.intake.cli;

import dev.intake.app.IntakeNode;
import dev.intake.config.ConfigException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code intake worker}: a process that only runs workers against the shared store. */
@Command(name = "worker", description = "Run worker threads only (no HTTP API).")
final class WorkerCommand implements Callable<Integer> {
  @Mixin NodeOptions node = new NodeOptions();

  @Override
  public Integer call() throws Exception {
    try {
      return ServeCommand.run(IntakeNode.Role.WORKER, node.config(Map.of()));
    } catch (ConfigException e) {
      return NodeOptions.reportConfigError(e);
    }
  }
}
