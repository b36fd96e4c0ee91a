package dev.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.ingest.FileNames;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.TaskType;
import dev.intake.store.BatchCounts;
import dev.intake.store.JobReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the API's views of a job. A directory batch is an aggregate: its progress and {@code
 * children} counts come from its child jobs, and so does its result once it has finished.
 */
final class JobViewer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JobReader reader;

  JobViewer(JobReader reader) {
    this.reader = reader;
  }

  Views.JobView view(Job j) {
    return view(j, documentNames(List.of(j)));
  }

  /** The views of a page of jobs, their documents' names read in one query. */
  List<Views.JobView> views(List<Job> jobs) {
    Map<String, String> names = documentNames(jobs);
    return jobs.stream().map(j -> view(j, names)).toList();
  }

  private Views.JobView view(Job j, Map<String, String> names) {
    if (j.taskType() != TaskType.DIRECTORY_BATCH) {
      return Views.job(j, filename(j, names));
    }
    BatchCounts counts = reader.batchCounts(j.jobId());
    return Views.batch(
        j, counts, j.status().isFinished() ? batchResult(j) : null, j.params().sourcePath());
  }

  private Map<String, String> documentNames(List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    for (Job j : jobs) {
      if (j.documentId() != null) {
        ids.add(j.documentId());
      }
    }
    return reader.documentFilenames(ids);
  }

  /** The document's name; for a batch file not yet imported, the name of the file. */
  private static String filename(Job j, Map<String, String> names) {
    String name = j.documentId() == null ? null : names.get(j.documentId());
    if (name == null && j.params() != null && j.params().sourceFileName() != null) {
      name = FileNames.clean(j.params().sourceFileName());
    }
    return name;
  }

  Views.ProgressView progress(Job j) {
    if (j.taskType() != TaskType.DIRECTORY_BATCH) {
      return Views.progress(j);
    }
    Views.JobView v = view(j);
    return new Views.ProgressView(
        v.jobId(), v.status(), null, v.progress(), progressMessage(v), j.updatedAt());
  }

  Views.ResultView result(Job j) {
    if (j.taskType() != TaskType.DIRECTORY_BATCH) {
      return Views.resultOf(j);
    }
    return new Views.ResultView(j.jobId(), j.status().wireName(), batchResult(j));
  }

  private static String progressMessage(Views.JobView v) {
    Views.Children c = v.children();
    long done = c.completed() + c.failed() + c.cancelled();
    return "Processed " + done + " of " + c.total() + " files";
  }

  /** total_files, successful, failed, skipped (duplicates) and the documents of a batch. */
  private JsonNode batchResult(Job parent) {
    List<Job> children = reader.batchChildren(parent.jobId());
    ObjectNode result = JSON.createObjectNode();
    ArrayNode documents = JSON.createArrayNode();
    int successful = 0;
    int failed = 0;
    int skipped = 0;
    for (Job child : children) {
      JsonNode childResult = Views.result(child);
      boolean wasSkipped = childResult != null && childResult.path("skipped").asBoolean(false);
      if (child.status() == JobState.COMPLETED) {
        if (wasSkipped) {
          skipped++;
        } else {
          successful++;
        }
      } else if (child.status() == JobState.FAILED) {
        failed++;
      }
      ObjectNode d = documents.addObject();
      d.put("job_id", child.jobId());
      d.put("document_id", child.documentId());
      d.put("filename", FileNames.clean(child.params().sourceFileName()));
      d.put("status", child.status().wireName());
      d.put("skipped", wasSkipped);
      if (child.errorMessage() != null) {
        d.put("error_message", child.errorMessage());
      }
    }
    result.put("total_files", children.size());
    result.put("successful", successful);
    result.put("failed", failed);
    result.put("skipped", skipped);
    result.set("documents", documents);
    return result;
  }
}
