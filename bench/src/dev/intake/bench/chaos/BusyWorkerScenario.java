package dev.intake.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A worker busy on one document for more than five minutes: {@code intake serve} with one worker
 * thread ingests a text of about 10,000 chunks while a client asks {@code /workers} and {@code
 * /health/workers} once a second. Every poll must list the worker, with that job as its current
 * job, and count it as running; heartbeats run on their own schedule, not between jobs.
 */
final class BusyWorkerScenario implements Scenario {
  static final Duration BUSY_AT_LEAST = Duration.ofMinutes(5);
  static final int PARAGRAPHS = 40_000;

  @Override
  public String name() {
    return "busy-worker";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    try (Cluster cluster = new Cluster(name())) {
      int port = IntakeProcess.freePort();
      ApiClient api = new ApiClient(port);
      Map<String, String> env = cluster.env("serve");
      env.put("INTAKE_PORT", Integer.toString(port));
      env.put("TASK_MAX_WORKERS", "1");
      IntakeProcess p = cluster.start("serve", env);
      p.awaitHealthy(api, Duration.ofMinutes(2));
      try (HealthMonitor health = new HealthMonitor(port)) {
        String job =
            Uploads.accepted(api, "long.txt", Documents.textBytes(7, PARAGRAPHS), Map.of());
        Waits.timeUntil(Duration.ofMinutes(5), "the job running", () -> running(api, job));
        long t0 = System.nanoTime();
        int polls = 0;
        int listed = 0;
        int counted = 0;
        String firstMiss = null;
        while (running(api, job)) {
          polls++;
          boolean inWorkers = listedWith(api, job);
          JsonNode hw = api.get("/api/v1/health/workers").body();
          boolean inHealth = hw.path("running_workers").asInt() >= 1;
          listed += inWorkers ? 1 : 0;
          counted += inHealth ? 1 : 0;
          if ((!inWorkers || !inHealth) && firstMiss == null) {
            firstMiss =
                Math.round((System.nanoTime() - t0) / 1e9)
                    + " s in: /workers "
                    + api.get("/api/v1/workers").body()
                    + ", /health/workers "
                    + hw;
          }
          Waits.sleep(Duration.ofSeconds(1));
        }
        Duration busy = Duration.ofNanos(System.nanoTime() - t0);
        JsonNode finished = api.awaitFinished(job, Duration.ofMinutes(5));
        String verdict =
            busy.compareTo(BUSY_AT_LEAST) >= 0
                ? "busy longer than the 5 minutes asked for"
                : "**busy less than the 5 minutes asked for: the figures say less than they should**";
        return "## A worker busy on one document for more than 5 minutes (`busy-worker`)\n\n"
            + "`intake serve` with one worker thread (`-Xmx1g`, `TASK_HEARTBEAT_INTERVAL` at its"
            + " default of 5 s) ingested one text of "
            + PARAGRAPHS
            + " paragraphs ("
            + finished.path("result").path("chunk_count").asLong()
            + " chunks, job "
            + finished.path("status").asText()
            + ") while `/workers` and `/health/workers` were asked once a second for as long as"
            + " the job ran.\n\n"
            + "| job running | polls | `/workers` listed the worker with this job |"
            + " `/health/workers` counted it running | longest /health gap |\n"
            + "|---|---|---|---|---|\n"
            + String.format(
                java.util.Locale.ROOT,
                "| %s s (%s) | %d | %d of %d | %d of %d | %s s |%n",
                Figures.seconds(busy),
                verdict,
                polls,
                listed,
                polls,
                counted,
                polls,
                Figures.seconds(health.longestGap()))
            + (firstMiss == null ? "" : "\nFirst poll that missed it: " + firstMiss + "\n");
      }
    }
  }

  private static boolean running(ApiClient api, String job) {
    String status = api.get("/api/v1/jobs/" + job).body().path("status").asText();
    return !Set.of("completed", "failed", "cancelled", "pending").contains(status);
  }

  private static boolean listedWith(ApiClient api, String job) {
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      if (job.equals(w.path("current_job").asText())) {
        return true;
      }
    }
    return false;
  }
}
