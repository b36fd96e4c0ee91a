package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code intake stats}: job statistics of the last 24 hours and the queues now. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Job totals for the last 24 h, counts per status, processing times, queues.")
public final class StatsCommand extends ClientCommand {
  @Override
  int run(IntakeClient client) {
    JsonNode body = client.statistics();
    if (json) {
      printJson(body);
    } else {
      out().print(SystemViews.statistics(body));
    }
    return ExitCodes.OK;
  }
}
