package dev.intake.bench.chaos;

import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * SIGTERM during embedding, ten times: each round starts {@code intake serve} on the same data,
 * uploads a long document, sends SIGTERM while it is embedded and times the exit; a last start then
 * finishes every job. Recovery is the time that last start takes to complete them all.
 */
final class SigtermScenario implements Scenario {
  static final int ROUNDS = 10;
  static final int GRACE_SECONDS = 2;

  @Override
  public String name() {
    return "sigterm";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    try (Cluster cluster = new Cluster(name())) {
      int port = IntakeProcess.freePort();
      ApiClient api = new ApiClient(port);
      Map<String, String> env = cluster.env("serve");
      env.put("INTAKE_PORT", Integer.toString(port));
      env.put("TASK_MAX_WORKERS", "1");
      env.put("TASK_SHUTDOWN_GRACE", Integer.toString(GRACE_SECONDS));
      env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
      List<String> jobs = new ArrayList<>();
      Map<Integer, Integer> exitCodes = new TreeMap<>();
      Duration slowestExit = Duration.ZERO;
      int handedBack = 0;
      int stuck = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        IntakeProcess p = cluster.start("serve", env);
        p.awaitHealthy(api, Duration.ofMinutes(2));
        jobs.add(Uploads.accepted(api, "long-" + round + ".txt", Documents.textBytes(round, 400)));
        Waits.timeUntil(Duration.ofMinutes(2), "embedding", () -> Waits.embedding(api));
        long t0 = System.nanoTime();
        p.signalTerm();
        OptionalInt exit = p.awaitExit(Duration.ofSeconds(GRACE_SECONDS + 60));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (exit.isEmpty()) {
          stuck++;
          p.kill();
        } else {
          exitCodes.merge(exit.getAsInt(), 1, Integer::sum);
        }
        slowestExit = took.compareTo(slowestExit) > 0 ? took : slowestExit;
        handedBack += p.logText().contains("job ended: RELEASED") ? 1 : 0;
        System.out.printf("round %d: exit %s after %d ms%n", round, exit, took.toMillis());
      }
      IntakeProcess last = cluster.start("serve", env);
      last.awaitHealthy(api, Duration.ofMinutes(2));
      long t0 = System.nanoTime();
      String url = "jdbc:sqlite:" + cluster.dir.resolve("data-serve").resolve("intake.db");
      JobAudit audit = JobAudit.of(api, jobs, url, Duration.ofMinutes(10));
      Duration recover = Duration.ofNanos(System.nanoTime() - t0);
      Figures figures = new Figures(audit, Figures.seconds(recover), cluster.peakRssMb(), null);
      return "## SIGTERM during embedding, ten times (`sigterm`)\n\n"
          + ROUNDS
          + " rounds on one data directory (SQLite): `intake serve` (1 worker, `-Xmx1g`,"
          + " `TASK_SHUTDOWN_GRACE="
          + GRACE_SECONDS
          + "`) started, a document of about 100 chunks uploaded, SIGTERM sent while it was"
          + " being embedded; then a last start finishes every job. Seconds to recover: that"
          + " last start, from healthy until every job completed. Attempts burned counts"
          + " `retry_count` over all jobs (a job handed back on shutdown must not spend one)."
          + " `/health` is not watched: the server is stopped on purpose.\n\n"
          + figures.table()
          + "\n| rounds | exit codes | slowest exit after SIGTERM | bound (grace + 5 s) |"
          + " did not exit | rounds that handed a job back | JVM crash logs |\n"
          + "|---|---|---|---|---|---|---|\n"
          + String.format(
              "| %d | %s | %s s | %d s | %d | %d | %d |%n",
              ROUNDS,
              exitCodes,
              Figures.seconds(slowestExit),
              GRACE_SECONDS + 5,
              stuck,
              handedBack,
              cluster.crashLogs());
    }
  }
}
