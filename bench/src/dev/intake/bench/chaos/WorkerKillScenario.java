package dev.intake.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.bench.BenchReport;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A worker process SIGKILLed every 10 s during a run of 40 PDFs on PostgreSQL: one API node ({@code
 * intake serve} without workers) and two {@code intake worker} processes; every 10 s one of them
 * (in turn) is killed and a new one started in its place, as a supervisor would, until every job
 * has finished. Recovery: for each kill that hit a running job, the time until that job runs again
 * on another worker (its lease expires and the reaper hands it back).
 */
final class WorkerKillScenario implements Scenario {
  static final int DOCUMENTS = 40;
  static final Duration KILL_EVERY = Duration.ofSeconds(10);
  static final int LEASE_SECONDS = 10;
  static final Duration GIVE_UP = Duration.ofMinutes(25);
  // A worker that dies mid-job costs its job an attempt (a document that kills its worker must
  // fail in the end); here every kill does, so the default 3 retries would fail jobs, not test.
  static final int MAX_RETRIES = 50;
  // For the same reason the backoff may not grow to the default hour: after a dozen kills the
  // 117-page PDF waited minutes between attempts and most of the run was spent waiting.
  static final int RETRY_MAX_DELAY_SECONDS = 5;

  @Override
  public String name() {
    return "worker-kill";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    List<Path> pdfs = pdfs(options.pdfDir() != null ? options.pdfDir() : Corpus.pdfSamples());
    String schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated here; every process connects with the schema in its URL
    }
    String url = TestDatabases.postgresUrlFor(schema);
    try (Cluster cluster = new Cluster(name())) {
      int port = IntakeProcess.freePort();
      Map<String, String> apiEnv = env(cluster, "api", url);
      apiEnv.put("INTAKE_PORT", Integer.toString(port));
      apiEnv.put("TASK_WORKERS_AUTO_START", "false");
      IntakeProcess apiNode = cluster.start("serve", apiEnv);
      ApiClient api = new ApiClient(port);
      apiNode.awaitHealthy(api, Duration.ofMinutes(2));
      IntakeProcess[] workers = new IntakeProcess[2];
      for (int w = 0; w < workers.length; w++) {
        workers[w] = cluster.start("worker", env(cluster, "worker-" + w, url));
      }
      try (HealthMonitor health = new HealthMonitor(port)) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
          Path pdf = pdfs.get(i % pdfs.size());
          Map<String, String> fields = i < pdfs.size() ? Map.of() : Map.of("force", "true");
          jobs.add(
              Uploads.accepted(api, pdf.getFileName().toString(), Files.readAllBytes(pdf), fields));
        }
        long t0 = System.nanoTime();
        List<Double> rescues = Collections.synchronizedList(new ArrayList<>());
        List<Thread> watchers = new ArrayList<>();
        int kills = 0;
        int midJob = 0;
        int idleTicks = 0;
        while (!allFinished(api, jobs) && System.nanoTime() - t0 < GIVE_UP.toNanos()) {
          Waits.sleep(KILL_EVERY);
          int victim = victim(api, workers);
          if (victim < 0) {
            idleTicks++; // no worker process has come up since the last kill
            continue;
          }
          Set<String> ids = new HashSet<>();
          List<String> running = new ArrayList<>();
          runningOn(api, workers[victim].pid(), ids, running);
          workers[victim].kill();
          long killedAt = System.nanoTime();
          kills++;
          workers[victim] = cluster.start("worker", env(cluster, "worker-" + victim, url));
          for (String job : running) {
            midJob++;
            watchers.add(
                Thread.ofVirtual()
                    .start(
                        () -> {
                          if (Waits.until(Duration.ofMinutes(5), () -> resumed(api, job, ids))) {
                            rescues.add((System.nanoTime() - killedAt) / 1e9);
                          }
                        }));
          }
        }
        Duration run = Duration.ofNanos(System.nanoTime() - t0);
        for (Thread t : watchers) {
          t.join();
        }
        JobAudit audit = JobAudit.of(api, jobs, url, Duration.ofMinutes(5));
        String recover =
            rescues.isEmpty()
                ? "no kill hit a running job"
                : BenchReport.fmt(BenchReport.median(rescues))
                    + " (median), "
                    + BenchReport.fmt(BenchReport.percentile(rescues, 100))
                    + " (max)";
        Figures figures = new Figures(audit, recover, cluster.peakRssMb(), health.longestGap());
        return "## A worker SIGKILLed every 10 s (`worker-kill`)\n\n"
            + DOCUMENTS
            + " uploads of the "
            + pdfs.size()
            + " PDFs "
            + (options.pdfDir() == null
                ? "kept with the tests (`src/test/resources/corpus/pdf-samples`)"
                : "of the directory given")
            + (pdfs.size() < DOCUMENTS ? " (the first ones again, with `force=true`)" : "")
            + " to an API node on PostgreSQL with two `intake worker` processes (1 worker"
            + " thread each, `-Xmx1g`, `TASK_LEASE_DURATION="
            + LEASE_SECONDS
            + "`, `TASK_MAX_RETRIES="
            + MAX_RETRIES
            + "`: a worker lost mid-job costs the job an attempt; `TASK_RETRY_MAX_DELAY="
            + RETRY_MAX_DELAY_SECONDS
            + "`, so that the backoff after many such attempts stays short). Every 10 s the"
            + " worker process"
            + " up longest (listed by `/workers`) was SIGKILLed and a new one started in its place, until every job had"
            + " finished: "
            + kills
            + " kills over "
            + Figures.seconds(run)
            + " s, "
            + midJob
            + " of them in the middle of a job; at "
            + idleTicks
            + " ticks no worker was up yet to kill (a new worker process takes seconds to load"
            + " the model). Seconds to recover: from such a kill until that"
            + " job ran again on another worker (the lease expires, the reaper hands it back)."
            + " Failed jobs are the PDFs' own failures (encrypted, image-only), each with its"
            + " message; attempts burned counts `retry_count` over all jobs. Peak RSS is the"
            + " largest single process.\n\n"
            + figures.table()
            + failures(audit);
      }
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  private static Map<String, String> env(Cluster cluster, String node, String url) {
    Map<String, String> env = cluster.env(node);
    env.put("INTAKE_DATABASE_URL", url);
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", Integer.toString(LEASE_SECONDS));
    env.put("TASK_MAX_RETRIES", Integer.toString(MAX_RETRIES));
    env.put("TASK_RETRY_MAX_DELAY", Integer.toString(RETRY_MAX_DELAY_SECONDS));
    return env;
  }

  /**
   * The worker process to kill: of those that are up (listed by /workers), the one started first,
   * so each lives as long as the interval allows; -1 if none is up yet. A process killed before it
   * could start would test nothing.
   */
  private static int victim(ApiClient api, IntakeProcess[] workers) {
    Set<Long> up = new HashSet<>();
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      up.add(w.path("pid").asLong());
    }
    int oldest = -1;
    for (int i = 0; i < workers.length; i++) {
      if (up.contains(workers[i].pid())
          && (oldest < 0 || startOf(workers[i]).isBefore(startOf(workers[oldest])))) {
        oldest = i;
      }
    }
    return oldest;
  }

  private static Instant startOf(IntakeProcess p) {
    return ProcessHandle.of(p.pid()).flatMap(h -> h.info().startInstant()).orElse(Instant.MAX);
  }

  /**
   * The worker ids of process {@code pid} into {@code ids}, the jobs they run into {@code jobs}.
   */
  private static void runningOn(ApiClient api, long pid, Set<String> ids, List<String> jobs) {
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      if (w.path("pid").asLong() == pid) {
        ids.add(w.path("worker_id").asText());
        if (w.hasNonNull("current_job") && !w.path("current_job").asText().isEmpty()) {
          jobs.add(w.path("current_job").asText());
        }
      }
    }
  }

  /** The job runs on a worker other than the killed ones, or has finished. */
  private static boolean resumed(ApiClient api, String jobId, Set<String> killed) {
    JsonNode job = api.get("/api/v1/jobs/" + jobId).body();
    String status = job.path("status").asText();
    return switch (status) {
      case "completed", "failed", "cancelled" -> true;
      case "processing" -> !killed.contains(job.path("worker_id").asText());
      default -> false;
    };
  }

  private static boolean allFinished(ApiClient api, List<String> jobs) {
    for (String id : jobs) {
      String status = api.get("/api/v1/jobs/" + id).body().path("status").asText();
      if (!Set.of("completed", "failed", "cancelled").contains(status)) {
        return false;
      }
    }
    return true;
  }

  private static String failures(JobAudit audit) {
    if (audit.failures().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\nFailed jobs and their messages:\n\n");
    audit.failures().values().stream()
        .distinct()
        .forEach(m -> b.append("- ").append(m).append('\n'));
    return b.toString();
  }

  private static List<Path> pdfs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> pdfs =
          files
              .filter(p -> p.toString().toLowerCase().endsWith(".pdf"))
              .sorted()
              .limit(DOCUMENTS)
              .toList();
      if (pdfs.isEmpty()) {
        throw new IllegalArgumentException("no PDFs in " + dir);
      }
      return pdfs;
    }
  }
}
