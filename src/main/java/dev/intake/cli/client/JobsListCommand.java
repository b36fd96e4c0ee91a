package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code intake jobs list}: the newest jobs, optionally filtered. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
final class JobsListCommand extends ClientCommand {
  @Option(
      names = "--status",
      paramLabel = "S",
      description = "pending, processing, retrying, completed, failed or cancelled")
  String status;

  @Option(
      names = "--type",
      paramLabel = "T",
      description = "single_document, directory_batch or document_reprocess")
  String type;

  @Option(names = "--limit", paramLabel = "N", description = "At most N jobs (server default 20)")
  Integer limit;

  @Option(names = "--offset", paramLabel = "N", description = "Skip the N newest")
  Integer offset;

  @Override
  int run(IntakeClient client) {
    JsonNode body = client.jobs(status, type, limit, offset);
    if (json) {
      printJson(body);
    } else {
      out().print(JobViews.list(body));
    }
    return ExitCodes.OK;
  }
}
