package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code intake jobs cleanup --days N}. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = "Delete finished jobs older than N days.")
final class JobsCleanupCommand extends ClientCommand {
  // Required rather than defaulted: deleting history should never happen by omission.
  @Option(
      names = "--days",
      paramLabel = "N",
      required = true,
      description = "Age in days of the oldest finished jobs to keep")
  int days;

  @Override
  int run(IntakeClient client) {
    if (days < 0) {
      throw new ClientException("--days must be 0 or more", ExitCodes.USAGE);
    }
    JsonNode answer = client.cleanup(days);
    if (json) {
      printJson(answer);
    } else {
      out()
          .println(
              "Deleted "
                  + answer.path("deleted").asLong()
                  + " finished jobs older than "
                  + days
                  + " days.");
    }
    return ExitCodes.OK;
  }
}
