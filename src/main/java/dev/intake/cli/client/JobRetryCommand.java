package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code intake jobs retry ID}. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = "Queue a failed or cancelled job again.")
final class JobRetryCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Job id")
  String jobId;

  @Override
  int run(IntakeClient client) {
    JsonNode job = client.retry(jobId);
    if (json) {
      printJson(job);
    } else {
      out().println("Job " + jobId + " is queued again (" + JobProgress.state(job) + ").");
    }
    return ExitCodes.OK;
  }
}
