package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code intake submit FILE…}: uploads files for ingestion and optionally follows their jobs. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Upload files for ingestion; with --wait, follow their jobs to the end.")
public final class SubmitCommand extends ClientCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to upload")
  List<Path> files;

  @Option(
      names = "--priority",
      paramLabel = "high|medium|low",
      converter = Priority.Converter.class,
      description = "Queue priority (server default: high)")
  Priority priority;

  @Option(names = "--force", description = "Ingest again even if identical content exists")
  boolean force;

  @Option(names = "--chunk-size", paramLabel = "N", description = "Tokens per chunk")
  Integer chunkSize;

  @Option(names = "--chunk-overlap", paramLabel = "N", description = "Tokens shared by neighbours")
  Integer chunkOverlap;

  @Option(
      names = "--wait",
      description =
          "Follow every job until it completes, fails or is cancelled; exit 1 unless all completed")
  boolean wait;

  @Override
  int run(IntakeClient client) throws InterruptedException {
    // Check every file first: a typo in the last name must not leave half a batch uploaded.
    for (Path f : files) {
      if (Files.isDirectory(f)) {
        throw new ClientException(
            f + " is a directory: submit takes files (see intake ingest-dir)", ExitCodes.USAGE);
      }
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new ClientException("cannot read " + f + ": no such file", ExitCodes.USAGE);
      }
    }
    IntakeClient.UploadOptions options =
        new IntakeClient.UploadOptions(
            priority == null ? null : priority.wireName(), force, chunkSize, chunkOverlap);
    List<String> labels = new ArrayList<>();
    List<JsonNode> answers = new ArrayList<>();
    boolean uploadFailed = false;
    for (Path f : files) {
      try {
        answers.add(client.upload(f, options));
        labels.add(f.getFileName().toString());
      } catch (ApiError e) {
        if (e.exitCode() != ExitCodes.FAILED) {
          throw e; // an API key problem applies to every file: stop at once
        }
        // One refused file (too large, unsupported) should not stop the others.
        err().println("intake: " + f + ": " + e.getMessage());
        uploadFailed = true;
      }
    }
    int uploadCode = uploadFailed ? ExitCodes.FAILED : ExitCodes.OK;
    if (answers.isEmpty()) {
      return uploadCode; // every file was refused and each refusal is on stderr already
    }
    if (!wait) {
      if (json) {
        printJson(JsonNodeFactory.instance.arrayNode().addAll(answers));
      } else {
        out().print(JobViews.uploads(labels, answers));
      }
      return uploadCode;
    }
    if (!json) {
      out().print(JobViews.uploads(labels, answers));
    }
    // A duplicate whose job retention removed has no job to follow: its answer is final.
    List<JobFollower.Target> targets = new ArrayList<>();
    List<Integer> followed = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonNode jobId = answers.get(i).path("job_id");
      if (jobId.isTextual()) {
        targets.add(new JobFollower.Target(labels.get(i), jobId.asText()));
        followed.add(i);
      }
    }
    // With --json the progress would corrupt the document on stdout, so it is not shown.
    ProgressDisplay display =
        json ? items -> {} : ProgressDisplay.forOutput(out(), Terminal.isInteractive());
    List<JsonNode> done = new JobFollower(client, display, JobFollower.INTERVAL).follow(targets);
    List<JsonNode> finals = new ArrayList<>(answers);
    for (int k = 0; k < followed.size(); k++) {
      finals.set(followed.get(k), done.get(k));
    }
    if (json) {
      printJson(JsonNodeFactory.instance.arrayNode().addAll(finals));
    } else {
      out().println();
      out().print(JobViews.summary(labels, finals, Instant.now()));
    }
    boolean allCompleted =
        finals.stream().allMatch(j -> j.path("status").asText().equals("completed"));
    return allCompleted ? uploadCode : ExitCodes.FAILED;
  }
}
