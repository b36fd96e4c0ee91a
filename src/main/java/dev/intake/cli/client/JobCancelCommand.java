package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code intake jobs cancel ID}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a pending, processing or retrying job.")
final class JobCancelCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "Job id")
  String jobId;

  @Override
  int run(IntakeClient client) {
    JsonNode job = client.cancel(jobId);
    if (json) {
      printJson(job);
    } else if (job.path("status").asText().equals("cancelled")) {
      out().println("Cancelled job " + jobId + ".");
    } else {
      // A running job stops at its next checkpoint; the answer may still say "processing".
      out()
          .println(
              "Cancellation of job " + jobId + " requested; it is " + JobProgress.state(job) + ".");
    }
    return ExitCodes.OK;
  }
}
