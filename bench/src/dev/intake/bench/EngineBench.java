package dev.intake.bench;

import dev.intake.engine.JobHandler;
import dev.intake.engine.WakeSignal;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Completion;
import dev.intake.store.JobFilter;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.EnginePools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Job-engine benchmarks on PostgreSQL: pickup latency (submit → a worker runs it) with an idle
 * worker woken by NOTIFY, claim+complete throughput of no-op jobs, and claim latency with 1k vs
 * 100k queued jobs. Run: {@code ./intake bench engine}. Writes its section of docs/BENCHMARKS.md.
 */
public final class EngineBench {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "INTAKE_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  public static void main(String[] args) throws Exception {
    StringBuilder md = new StringBuilder();
    md.append("## Job engine on PostgreSQL\n\n")
        .append("Measured by `./intake bench engine` on ")
        .append(BenchReport.machine())
        .append(
            ", PostgreSQL on the same machine. Medians of the samples; each scenario in a fresh schema.\n\n");
    pickupLatency(md);
    throughput(md);
    claimLatency(md);
    BenchReport.writeSection("engine", md.toString());
    System.exit(0);
  }

  private static String schema() {
    return "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void enqueue(JdbcJobStore store, String doc) {
    store.documentEnqueue(
        new NewDocument(doc, "b.txt", null, 1, doc, "k", 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        Instant.now());
  }

  private static EnginePools.Started startPool(Database db, int threads, JobHandler handler) {
    WakeSignal wake = new WakeSignal();
    db.notifications().orElseThrow().subscribe("intake_jobs", p -> wake.signal());
    return EnginePools.start(
        new JdbcJobStore(db), handler, wake, EnginePools.Spec.production("bench", threads));
  }

  private static Completion done(dev.intake.engine.JobContext ctx) {
    return new Completion(ctx.job().documentId(), "text/plain", 1, 0, 0, "{}", "done");
  }

  /** Submit one job at a time to an idle worker; the time until the handler starts. */
  private static void pickupLatency(StringBuilder md) throws Exception {
    String schema = schema();
    try (Database api = Database.openPostgres(URL, null, null, schema);
        Database workerDb = Database.openPostgres(URL, null, null, schema)) {
      Map<String, Long> started = new ConcurrentHashMap<>();
      EnginePools.Started pool =
          startPool(
              workerDb,
              1,
              ctx -> {
                started.put(ctx.job().documentId(), System.nanoTime());
                return done(ctx);
              });
      JdbcJobStore store = new JdbcJobStore(api);
      Thread.sleep(1000);
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < 230; i++) {
        String doc = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        enqueue(store, doc);
        while (!started.containsKey(doc)) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        if (i >= 30) { // the first ones warm up the JIT and the connection pools
          ms.add((started.get(doc) - t0) / 1e6);
        }
        Thread.sleep(20); // let the worker go idle again, as it would between real uploads
      }
      pool.close();
      md.append("### Pickup latency (submit → processing, idle worker, woken by NOTIFY)\n\n")
          .append("| samples | p50 ms | p90 ms | p99 ms | target p50 |\n|---|---|---|---|---|\n")
          .append("| ")
          .append(ms.size())
          .append(" | ")
          .append(BenchReport.fmt(BenchReport.median(ms)))
          .append(" | ")
          .append(BenchReport.fmt(BenchReport.percentile(ms, 90)))
          .append(" | ")
          .append(BenchReport.fmt(BenchReport.percentile(ms, 99)))
          .append(" | ≤ 10 ms |\n\n");
    } finally {
      drop(schema);
    }
  }

  /** Claim + complete of no-op jobs, 5,000 queued, by 1 and by 4 worker threads. */
  private static void throughput(StringBuilder md) throws Exception {
    md.append(
        "### Claim + complete throughput (no-op jobs)\n\n| worker threads | jobs | runs | median jobs/s |\n|---|---|---|---|\n");
    for (int threads : new int[] {1, 4}) {
      List<Double> rates = new ArrayList<>();
      for (int run = 0; run < 3; run++) {
        String schema = schema();
        try (Database db = Database.openPostgres(URL, null, null, schema)) {
          JdbcJobStore store = new JdbcJobStore(db);
          int jobs = 5000;
          bulkEnqueue(db, jobs);
          JdbcJobReader reader = new JdbcJobReader(db);
          long t0 = System.nanoTime();
          EnginePools.Started pool = startPool(db, threads, EngineBench::done);
          while (reader.jobList(new JobFilter(JobState.COMPLETED, null, 1, 0)).total() < jobs) {
            Thread.sleep(20);
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          pool.close();
          rates.add(jobs / seconds);
        } finally {
          drop(schema);
        }
      }
      md.append("| ")
          .append(threads)
          .append(" | 5000 | 3 | ")
          .append(BenchReport.fmt(BenchReport.median(rates)))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** The claim statement alone, with 1k and with 100k jobs waiting. */
  private static void claimLatency(StringBuilder md) throws Exception {
    md.append(
        "### Claim latency vs queue depth\n\n| queued jobs | claims timed | p50 ms | p99 ms |\n|---|---|---|---|\n");
    double[] medians = new double[2];
    int[] depths = {1_000, 100_000};
    for (int d = 0; d < depths.length; d++) {
      String schema = schema();
      try (Database db = Database.openPostgres(URL, null, null, schema)) {
        bulkEnqueue(db, depths[d]);
        try (Connection c = db.dataSource().getConnection();
            var s = c.createStatement()) {
          s.execute("ANALYZE jobs");
        }
        JdbcJobStore store = new JdbcJobStore(db);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 550; i++) {
          Instant now = Instant.now();
          long t0 = System.nanoTime();
          store
              .jobClaim(new ClaimRequest("bench", Priority.LOW, now, now.plusSeconds(30)))
              .orElseThrow();
          if (i >= 50) {
            ms.add((System.nanoTime() - t0) / 1e6);
          }
        }
        medians[d] = BenchReport.median(ms);
        md.append("| ")
            .append(depths[d])
            .append(" | ")
            .append(ms.size())
            .append(" | ")
            .append(BenchReport.fmt(medians[d]))
            .append(" | ")
            .append(BenchReport.fmt(BenchReport.percentile(ms, 99)))
            .append(" |\n");
      } finally {
        drop(schema);
      }
    }
    md.append("\nRatio of medians, 100k / 1k: **")
        .append(BenchReport.fmt(medians[1] / medians[0]))
        .append(
            "×** (target ≤ 2×). The claim walks a partial index of runnable jobs in claim order"
                + " `(priority, run_at, seq) WHERE status IN ('pending', 'retrying')` and stops at the"
                + " first row it can lock, so its cost does not grow with the queue.\n\n");
  }

  /**
   * Fills the queue directly with one set-based statement: enqueueing 100k jobs one by one would
   * take minutes.
   */
  private static void bulkEnqueue(Database db, int n) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jobs (job_id, task_type, priority, status, progress, created_at, updated_at, run_at,"
                    + " attempt, max_attempts, document_id, params)"
                    + " SELECT md5(random()::text || g), 'single_document', 1 + (g % 3), 'pending', 0, ?, ?, ?, 0, 3,"
                    + " md5(g::text), '{\"chunkSize\":256,\"chunkOverlap\":32,\"force\":false}'"
                    + " FROM generate_series(1, ?) AS g")) {
      long now = System.currentTimeMillis();
      ps.setLong(1, now);
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setInt(4, n);
      ps.executeUpdate();
    }
  }

  private static void drop(String schema) {
    try (Connection c = java.sql.DriverManager.getConnection(URL);
        var s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (Exception e) {
      System.err.println("could not drop " + schema + ": " + e.getMessage());
    }
  }
}
