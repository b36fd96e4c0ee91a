package dev.intake.bench.chaos;

import dev.intake.bench.BenchReport;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A burst of 1,000 uploads from 16 clients at once against one {@code intake serve} (SQLite, two
 * workers): every upload must be answered at once, no job lost. Recovery is the time from the last
 * upload's answer until the queue has drained (every job finished).
 */
final class BurstScenario implements Scenario {
  static final int UPLOADS = 1_000;
  static final int CLIENTS = 16;

  @Override
  public String name() {
    return "burst";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    try (Cluster cluster = new Cluster(name())) {
      int port = IntakeProcess.freePort();
      Map<String, String> env = cluster.env("serve");
      env.put("INTAKE_PORT", Integer.toString(port));
      env.put("TASK_MAX_WORKERS", "2");
      IntakeProcess server = cluster.start("serve", env);
      ApiClient api = new ApiClient(port);
      server.awaitHealthy(api, Duration.ofMinutes(2));
      try (HealthMonitor health = new HealthMonitor(port)) {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
          List<Future<?>> sent = new ArrayList<>();
          for (int i = 0; i < UPLOADS; i++) {
            int n = i;
            sent.add(
                clients.submit(
                    () -> {
                      byte[] doc = Documents.textBytes(10_000 + n, 2);
                      long s = System.nanoTime();
                      ApiClient.Response r = api.upload("burst-" + n + ".txt", doc, Map.of());
                      latencies.add((System.nanoTime() - s) / 1e6);
                      if (r.status() == 202) {
                        jobs.add(r.body().path("job_id").asText());
                      } else {
                        refused.add(r.status() + " " + r.body());
                      }
                    }));
          }
          for (Future<?> f : sent) {
            f.get();
          }
        }
        Duration sending = Duration.ofNanos(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        String url = "jdbc:sqlite:" + cluster.dir.resolve("data-serve").resolve("intake.db");
        JobAudit audit = JobAudit.of(api, List.copyOf(jobs), url, Duration.ofMinutes(20));
        Duration drain = Duration.ofNanos(System.nanoTime() - t1);
        Figures figures =
            new Figures(audit, Figures.seconds(drain), cluster.peakRssMb(), health.longestGap());
        return "## A burst of 1,000 uploads (`burst`)\n\n"
            + String.format("%,d", UPLOADS)
            + " uploads of small text documents (about 120 words, one chunk each) from "
            + CLIENTS
            + " clients at once to one `intake serve` (SQLite, 2 workers, `-Xmx1g`). Seconds to"
            + " recover: from the last upload's answer until every job had finished (the queue"
            + " drained).\n\n"
            + figures.table()
            + "\n| uploads accepted | refused | sending took | upload latency p50 | p99 | max |\n"
            + "|---|---|---|---|---|---|\n"
            + String.format(
                "| %d | %d | %s s | %s ms | %s ms | %s ms |%n",
                jobs.size(),
                refused.size(),
                Figures.seconds(sending),
                BenchReport.fmt(BenchReport.percentile(latencies, 50)),
                BenchReport.fmt(BenchReport.percentile(latencies, 99)),
                BenchReport.fmt(BenchReport.percentile(latencies, 100)))
            + (refused.isEmpty()
                ? ""
                : "\nRefused: " + refused.subList(0, Math.min(3, refused.size())) + "\n");
      }
    }
  }
}
