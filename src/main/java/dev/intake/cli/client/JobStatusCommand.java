package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code intake jobs status ID}: everything known about one job. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show one job: state, progress, error, retries, worker and result.")
final class JobStatusCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Job id")
  String jobId;

  @Override
  int run(IntakeClient client) {
    JsonNode job = client.job(jobId);
    if (json) {
      printJson(job);
    } else {
      out().print(JobViews.detail(job, Instant.now()));
    }
    return ExitCodes.OK;
  }
}
