package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code intake ingest-dir DIR}: asks the server to ingest a directory it can read itself. */
@Command(
    name = "ingest-dir",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest every matching file of a directory on the server's machine (below its allowed"
          + " roots).",
      "A relative DIR is made absolute here first."
    })
public final class IngestDirCommand extends ClientCommand {
  @Parameters(paramLabel = "DIR", description = "Directory, as the server sees it")
  String directory;

  @Option(
      names = "--pattern",
      paramLabel = "GLOB",
      description =
          "File name pattern, repeatable (e.g. --pattern '*.pdf'); default: every type the"
              + " server's parser reads")
  List<String> patterns = new ArrayList<>();

  @Option(names = "--no-recursive", description = "Only the directory itself, not subdirectories")
  boolean noRecursive;

  @Option(
      names = "--wait",
      description = "Follow the batch job until it finishes; exit 1 if it or any file failed")
  boolean wait;

  @Override
  int run(IntakeClient client) throws InterruptedException {
    JsonNode answer = client.ingestDirectory(absolute(directory), patterns, !noRecursive);
    if (!wait) {
      if (json) {
        printJson(answer);
      } else {
        out().print(started(answer));
      }
      return ExitCodes.OK;
    }
    if (!json) {
      out().print(started(answer));
    }
    String label = Path.of(answer.path("directory_path").asText(directory)).getFileName() + "/";
    ProgressDisplay display =
        json ? items -> {} : ProgressDisplay.forOutput(out(), Terminal.isInteractive());
    JsonNode job =
        new JobFollower(client, display, JobFollower.INTERVAL)
            .follow(List.of(new JobFollower.Target(label, answer.path("job_id").asText())))
            .get(0);
    if (json) {
      printJson(job);
    } else {
      out().println();
      out().print(JobViews.batch(job));
    }
    return succeeded(job) ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** A batch counts as a success only if no file in it failed: scripts cannot read the table. */
  static boolean succeeded(JsonNode batch) {
    return batch.path("status").asText().equals("completed")
        && batch.path("result").path("failed").asLong(0) == 0
        && batch.path("children").path("failed").asLong(0) == 0;
  }

  static String started(JsonNode answer) {
    return "Batch job "
        + Format.text(answer.path("job_id"))
        + ": "
        + answer.path("total_files_found").asLong()
        + " files found in "
        + Format.text(answer.path("directory_path"))
        + "\n";
  }

  /**
   * The server resolves paths against its own working directory, which is rarely the user's; an
   * absolute path means the same on both sides when they share a machine or a mount.
   */
  static String absolute(String dir) {
    Path p = Path.of(dir);
    return p.isAbsolute() ? dir : p.toAbsolutePath().normalize().toString();
  }
}
