package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text renderings of job and upload answers. Pure: JSON (and the time now) in, text out. */
public final class JobViews {
  private JobViews() {}

  /** One row per uploaded file: job, document, and whether it was a duplicate. */
  public static String uploads(List<String> files, List<JsonNode> answers) {
    Table table = new Table("FILE", "JOB", "DOCUMENT", "STATUS");
    boolean anyDuplicate = false;
    for (int i = 0; i < files.size(); i++) {
      JsonNode a = answers.get(i);
      boolean duplicate = a.path("duplicate").asBoolean(false);
      anyDuplicate |= duplicate;
      table.row(
          files.get(i),
          Format.text(a.path("job_id")),
          Format.text(a.path("document_id")),
          duplicate
              ? "duplicate of document " + Format.text(a.path("document_id"))
              : "queued (" + Format.text(a.path("status")) + ")");
    }
    String hint =
        anyDuplicate
            ? "Identical content was already ingested; use --force to ingest it again.\n"
            : "";
    return table.render() + hint;
  }

  /** The end of {@code --wait}: one row per job, then counts per final status. */
  public static String summary(List<String> labels, List<JsonNode> jobs, Instant now) {
    Table table = new Table("FILE", "JOB", "STATUS", "TIME", "CHUNKS", "DETAIL").alignRight(3, 4);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      JsonNode j = jobs.get(i);
      String status = j.path("status").asText();
      counts.merge(status, 1, Integer::sum);
      JsonNode chunks = j.path("result").path("chunk_count");
      table.row(
          labels.get(i),
          Format.text(j.path("job_id")),
          status,
          duration(j, now),
          chunks.isNumber() ? chunks.asText() : "-",
          status.equals("failed") ? Format.text(j.path("error_message")) : "");
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + status));
    return table.render() + String.join(", ", parts) + "\n";
  }

  /** A finished directory batch: the counts, then one row per file it found. */
  public static String batch(JsonNode job) {
    JsonNode r = job.path("result");
    StringBuilder out = new StringBuilder();
    out.append("Batch ")
        .append(Format.text(job.path("job_id")))
        .append(' ')
        .append(JobProgress.state(job))
        .append(": ");
    if (!r.isObject()) {
      return out.append("no result\n").toString();
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%d files, %d successful, %d failed, %d skipped\n",
            r.path("total_files").asLong(),
            r.path("successful").asLong(),
            r.path("failed").asLong(),
            r.path("skipped").asLong()));
    Table table = new Table("FILE", "STATUS", "JOB", "DETAIL");
    for (JsonNode d : r.path("documents")) {
      String detail =
          d.path("skipped").asBoolean(false)
              ? "skipped: identical content already ingested"
              : d.hasNonNull("error_message") ? d.path("error_message").asText() : "";
      table.row(
          Format.text(d.path("filename")),
          Format.text(d.path("status")),
          Format.text(d.path("job_id")),
          detail);
    }
    return table.isEmpty() ? out.toString() : out.append(table.render()).toString();
  }

  /** {@code GET /jobs}: newest first, as the server sorts them. */
  public static String list(JsonNode body) {
    Table table =
        new Table("JOB", "TYPE", "PRIORITY", "STATUS", "STAGE", "PROGRESS", "CREATED")
            .alignRight(5);
    for (JsonNode j : body.path("jobs")) {
      table.row(
          Format.text(j.path("job_id")),
          Format.text(j.path("task_type")),
          Format.text(j.path("priority")),
          Format.text(j.path("status")),
          Format.text(j.path("stage")),
          ProgressBar.percent(JobProgress.percent(j)).strip(),
          Format.text(j.path("created_at")));
    }
    int shown = body.path("jobs").size();
    if (shown == 0) {
      return "No jobs.\n";
    }
    return table.render() + shown + " of " + body.path("total").asLong(shown) + " jobs\n";
  }

  /** {@code GET /jobs/{id}}: every field a person debugging a job wants, one per line. */
  public static String detail(JsonNode j, Instant now) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Job", Format.text(j.path("job_id")));
    f.put("Type", Format.text(j.path("task_type")));
    f.put("Priority", Format.text(j.path("priority")));
    f.put("Status", JobProgress.state(j));
    f.put("Stage", Format.text(j.path("stage")));
    f.put("Progress", ProgressBar.render(JobProgress.percent(j), 30));
    f.put("Message", Format.text(j.path("message")));
    f.put("Error", Format.text(j.path("error_message")));
    f.put(
        "Retries",
        j.path("retry_count").asInt() + " of " + j.path("max_retries").asInt() + " allowed");
    f.put("Worker", Format.text(j.path("worker_id")));
    f.put("Document", Format.text(j.path("document_id")));
    f.put("Parent job", Format.text(j.path("parent_job_id")));
    f.put("Created", Format.text(j.path("created_at")));
    f.put("Started", Format.text(j.path("started_at")));
    f.put("Completed", Format.text(j.path("completed_at")));
    f.put("Duration", duration(j, now));
    JsonNode c = j.path("children");
    if (c.isObject()) {
      f.put(
          "Children",
          String.format(
              Locale.ROOT,
              "%d total: %d pending, %d processing, %d completed, %d failed, %d cancelled",
              c.path("total").asLong(),
              c.path("pending").asLong(),
              c.path("processing").asLong(),
              c.path("completed").asLong(),
              c.path("failed").asLong(),
              c.path("cancelled").asLong()));
    }
    StringBuilder out = new StringBuilder(keyValues(f, ""));
    JsonNode result = j.path("result");
    if (result.isObject() && result.size() > 0) {
      out.append("Result\n").append(keyValues(flatten(result), "  "));
    }
    return out.toString();
  }

  /**
   * How long the job ran: the worker's own measure if it reported one, else started → completed,
   * else started → now for a job still running.
   */
  static String duration(JsonNode j, Instant now) {
    JsonNode reported = j.path("result").path("duration_seconds");
    if (reported.isNumber()) {
      return Format.duration(reported.asDouble());
    }
    Instant started = Format.instant(j.path("started_at"));
    if (started == null) {
      return "-";
    }
    Instant end = Format.instant(j.path("completed_at"));
    if (end == null) {
      end = JobProgress.isFinished(j) ? started : now;
    }
    return Format.duration(Duration.between(started, end).toMillis() / 1000.0);
  }

  /** Scalar fields as they are; arrays and objects summarized so the listing stays readable. */
  private static Map<String, String> flatten(JsonNode object) {
    Map<String, String> f = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text =
          v.isArray() ? v.size() + " items" : v.isObject() ? v.toString() : Format.text(v);
      f.put(e.getKey(), text);
    }
    return f;
  }

  static String keyValues(Map<String, String> fields, String indent) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (k, v) ->
            out.append(indent)
                .append(k)
                .append(" ".repeat(width - k.length() + 2))
                .append(v)
                .append('\n'));
    return out.toString();
  }
}
