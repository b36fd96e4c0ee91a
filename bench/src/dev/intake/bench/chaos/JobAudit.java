package dev.intake.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of a scenario's jobs: each awaited until it is finished or the deadline passes (a job
 * still unfinished then is lost), each completed job's chunks read from the chunks table itself
 * (exact: indexes 0..n-1, each once, n its chunk count), and the attempts spent beyond the first.
 *
 * @param failures the message of each failed job, by job id
 */
record JobAudit(
    int jobs,
    int completed,
    int failed,
    int lost,
    int exact,
    int attemptsBurned,
    Map<String, String> failures) {

  static JobAudit of(ApiClient api, List<String> jobIds, String jdbcUrl, Duration wait)
      throws SQLException {
    long deadline = System.nanoTime() + wait.toNanos();
    int completed = 0;
    int failed = 0;
    int lost = 0;
    int exact = 0;
    int attempts = 0;
    Map<String, String> failures = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl)) {
      for (String id : jobIds) {
        JsonNode job;
        try {
          job = api.awaitFinished(id, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (AssertionError | RuntimeException notFinished) {
          lost++;
          continue;
        }
        attempts += job.path("retry_count").asInt();
        switch (job.path("status").asText()) {
          case "completed" -> {
            completed++;
            int n = job.path("result").path("chunk_count").asInt();
            exact +=
                n > 0 && chunkIndexes(db, job.path("document_id").asText()).equals(range(n))
                    ? 1
                    : 0;
          }
          case "failed" -> {
            failed++;
            failures.put(id, job.path("error_message").asText());
          }
          default -> lost++; // cancelled: nobody cancels in a scenario
        }
      }
    }
    return new JobAudit(jobIds.size(), completed, failed, lost, exact, attempts, failures);
  }

  private static List<Integer> chunkIndexes(Connection db, String documentId) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT chunk_index FROM chunks WHERE document_id = ? ORDER BY chunk_index")) {
      ps.setString(1, documentId);
      List<Integer> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    }
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
