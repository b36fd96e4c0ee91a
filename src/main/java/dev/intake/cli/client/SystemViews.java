package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Text renderings of the workers, statistics and search answers. Pure. */
public final class SystemViews {
  private SystemViews() {}

  /** {@code GET /workers}: one row per live worker. */
  public static String workers(JsonNode body, Instant now) {
    Table table =
        new Table(
                "NAME",
                "PRIORITY",
                "STATUS",
                "HOST",
                "PID",
                "PROCESSED",
                "FAILED",
                "CURRENT JOB",
                "HEARTBEAT")
            .alignRight(4, 5, 6);
    for (JsonNode w : body.path("workers")) {
      table.row(
          Format.text(w.path("name")),
          Format.text(w.path("priority")),
          Format.text(w.path("status")),
          Format.text(w.path("host")),
          Format.text(w.path("pid")),
          w.path("processed").asLong(),
          w.path("failed").asLong(),
          Format.text(w.path("current_job")),
          Format.ago(Format.instant(w.path("last_heartbeat")), now));
    }
    if (table.isEmpty()) {
      return "No live workers.\n";
    }
    return table.render() + body.path("workers").size() + " workers\n";
  }

  /** {@code GET /jobs/statistics}: totals, counts per status, timings, queue lengths. */
  public static String statistics(JsonNode s) {
    StringBuilder out = new StringBuilder();
    out.append("Jobs in the last 24 h: ").append(s.path("total_24h").asLong()).append("\n\n");

    Table statuses = new Table("STATUS", "JOBS").alignRight(1);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("status_counts").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      statuses.row(e.getKey(), e.getValue().asLong());
    }
    if (!statuses.isEmpty()) {
      out.append(statuses.render()).append('\n');
    }

    Table times = new Table("PROCESSING TIME", "AVG", "P95", "MIN", "MAX").alignRight(1, 2, 3, 4);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("processing_times").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode t = e.getValue();
      times.row(
          e.getKey(),
          seconds(t.path("avg_seconds")),
          seconds(t.path("p95_seconds")),
          seconds(t.path("min_seconds")),
          seconds(t.path("max_seconds")));
    }
    if (!times.isEmpty()) {
      out.append(times.render()).append('\n');
    }

    JsonNode queue = s.path("queue_stats");
    JsonNode lengths = queue.path("queue_lengths");
    Table queues = new Table("QUEUE", "PENDING").alignRight(1);
    for (String p : new String[] {"high", "medium", "low"}) {
      queues.row(p, lengths.path(p).asLong());
    }
    queues.row("total", queue.path("total_pending").asLong());
    return out.append(queues.render()).toString();
  }

  /** {@code POST /search}: best first, with a one-line snippet of each chunk. */
  public static String search(JsonNode body, int snippetWidth) {
    Table table = new Table("#", "SCORE", "FILE", "PAGES", "TEXT").alignRight(0, 1);
    int rank = 0;
    for (JsonNode r : body.path("results")) {
      table.row(
          ++rank,
          String.format(Locale.ROOT, "%.3f", r.path("score").asDouble()),
          Format.text(r.path("filename")),
          Format.pages(r.path("page_start").asInt(), r.path("page_end").asInt()),
          Format.snippet(r.path("text").asText(""), snippetWidth));
    }
    return table.isEmpty() ? "No matches.\n" : table.render();
  }

  private static String seconds(JsonNode value) {
    return value.isNumber() ? Format.duration(value.asDouble()) : "-";
  }
}
