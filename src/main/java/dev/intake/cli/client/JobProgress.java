package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** How a job's state reads in a progress display. Pure functions of the job's JSON. */
public final class JobProgress {
  static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");

  private JobProgress() {}

  public static boolean isFinished(JsonNode job) {
    return FINISHED.contains(job.path("status").asText());
  }

  /**
   * Percent done. A batch job counts its finished children, which moves steadily even when the
   * batch's own progress field is coarse; a completed job is always 100.
   */
  public static double percent(JsonNode job) {
    if (job.path("status").asText().equals("completed")) {
      return 100.0;
    }
    JsonNode children = job.path("children");
    long total = children.path("total").asLong(0);
    if (total > 0) {
      long done =
          children.path("completed").asLong(0)
              + children.path("failed").asLong(0)
              + children.path("cancelled").asLong(0);
      return 100.0 * done / total;
    }
    return job.path("progress").asDouble(0);
  }

  /** {@code pending}, {@code embedding}, {@code retrying (retry 1 of 3)}, {@code failed: …}. */
  public static String state(JsonNode job) {
    String status = job.path("status").asText("unknown");
    String state =
        switch (status) {
          case "processing" -> {
            String stage = job.path("stage").asText("");
            yield stage.isEmpty() || job.path("stage").isNull() ? "processing" : stage;
          }
          case "retrying" ->
              "retrying (retry "
                  + job.path("retry_count").asInt()
                  + " of "
                  + job.path("max_retries").asInt()
                  + ")";
          case "failed" -> "failed: " + Format.text(job.path("error_message"));
          default -> status;
        };
    return state + children(job);
  }

  /** One line of the live display: {@code notes.txt [#####-----] 50.0% embedding}. */
  public static String line(String label, int labelWidth, JsonNode job, int barWidth) {
    return pad(label, labelWidth)
        + "  "
        + ProgressBar.render(percent(job), barWidth)
        + "  "
        + state(job);
  }

  /** The plain (non-terminal) form: {@code notes.txt: embedding 50%}. */
  public static String plainLine(String label, JsonNode job) {
    if (isFinished(job)) {
      return label + ": " + state(job);
    }
    return label + ": " + state(job) + " " + Math.round(Math.floor(percent(job))) + "%";
  }

  /**
   * What must change for the plain display to print a new line: status, stage or a 10 % bucket.
   * Finer steps would flood a CI log with one line per poll.
   */
  public static String bucket(JsonNode job) {
    return job.path("status").asText()
        + "/"
        + job.path("stage").asText("")
        + "/"
        + (int) Math.floor(percent(job) / 10);
  }

  private static String children(JsonNode job) {
    JsonNode c = job.path("children");
    if (!c.isObject()) {
      return "";
    }
    return " ("
        + c.path("completed").asLong()
        + " done, "
        + c.path("failed").asLong()
        + " failed of "
        + c.path("total").asLong()
        + ")";
  }

  /** Pads or cuts to exactly {@code width} code points so the bars line up. */
  static String pad(String s, int width) {
    int n = s.codePointCount(0, s.length());
    if (n > width) {
      return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }
    return s + " ".repeat(width - n);
  }
}
