package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code intake workers status}: every live worker, in-process or remote. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "List live workers: priority class, host, pid, counts, current job, heartbeat.")
final class WorkersStatusCommand extends ClientCommand {
  @Override
  int run(IntakeClient client) {
    JsonNode body = client.workers();
    if (json) {
      printJson(body);
    } else {
      out().print(SystemViews.workers(body, Instant.now()));
    }
    return ExitCodes.OK;
  }
}
