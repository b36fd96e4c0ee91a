package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.SseReader;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed deployment for real: {@code intake serve} without workers plus separate {@code
 * intake worker} processes, all on one PostgreSQL database and one shared blob directory.
 */
class DistributedEndToEndTest {
  static final Path CORPUS = Corpus.pdfSamples();
  static final Path BIG_PDF = CORPUS.resolve("GeoTopo-komprimiert.pdf");

  @TempDir Path dir;
  String schema;
  final List<IntakeProcess> processes = new ArrayList<>();
  ApiClient api;
  IntakeProcess serve;

  @BeforeEach
  void startServer() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // schema created and migrated up front; the processes connect to it by URL
    }
    int port = IntakeProcess.freePort();
    api = new ApiClient(port);
    Map<String, String> env = env("serve");
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_WORKERS_AUTO_START", "false");
    serve = start("serve", env);
    serve.awaitHealthy(api, Duration.ofSeconds(90));
  }

  @AfterEach
  void stopAll() {
    processes.forEach(IntakeProcess::close);
    if (schema != null) {
      TestDatabases.dropSchema(schema);
    }
  }

  private Map<String, String> env(String name) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATABASE_URL", TestDatabases.postgresUrlFor(schema));
    env.put("INTAKE_DATA_DIR", dir.resolve(name).toString());
    env.put("INTAKE_BLOB_DIR", dir.resolve("shared-blobs").toString());
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "3");
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
    return env;
  }

  private IntakeProcess start(String command, Map<String, String> env) {
    IntakeProcess p =
        IntakeProcess.start(command, env, dir.resolve(command + "-" + processes.size() + ".log"));
    processes.add(p);
    return p;
  }

  private IntakeProcess startWorker(String name) {
    return start("worker", env(name));
  }

  private void awaitWorkers(int n) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.get("/api/v1/workers").body().path("workers").size() == n);
  }

  @Test
  void killedWorkerProcessLosesNoDocumentAndItsJobResumesFromTheCheckpoint() {
    IntakeProcess a = startWorker("worker-a");
    IntakeProcess b = startWorker("worker-b");
    awaitWorkers(2);
    JsonNode workers = api.get("/api/v1/workers").body().path("workers");
    assertThat(workers.findValuesAsText("pid"))
        .containsExactlyInAnyOrder(Long.toString(a.pid()), Long.toString(b.pid()));

    String bigJob = api.upload(BIG_PDF, Map.of()).body().path("job_id").asText();
    List<String> jobs = new ArrayList<>(List.of(bigJob));
    for (String name :
        List.of(
            "pdflatex-4-pages.pdf",
            "multicolumn.pdf",
            "pdflatex-outline.pdf",
            "google-doc-document.pdf")) {
      jobs.add(api.upload(CORPUS.resolve(name), Map.of()).body().path("job_id").asText());
    }

    JsonNode running = awaitEmbedding(bigJob);
    String holder = running.path("worker_id").asText();
    long holderPid = pidOf(holder);
    IntakeProcess victim = holderPid == a.pid() ? a : b;
    assertThat(victim.pid()).isEqualTo(holderPid);
    victim.kill();

    for (String id : jobs) {
      JsonNode job = api.awaitFinished(id, Duration.ofMinutes(5));
      assertThat(job.path("status").asText()).as(id + " " + job).isEqualTo("completed");
      int count = job.path("result").path("chunk_count").asInt();
      JsonNode chunks =
          api.get("/api/v1/documents/" + job.path("document_id").asText() + "/chunks?limit=1000")
              .body();
      assertThat(chunks.path("total").asInt()).isEqualTo(count);
      for (int i = 0; i < count; i++) {
        assertThat(chunks.path("chunks").get(i).path("chunk_index").asInt()).isEqualTo(i);
      }
    }
    JsonNode killed = api.get("/api/v1/jobs/" + bigJob).body();
    assertThat(killed.path("retry_count").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(killed.path("worker_id").asText()).isNotEqualTo(holder);
    assertThat(killed.path("result").path("resumed_from_chunk").asInt())
        .as("resumed from its checkpoint")
        .isPositive();
    assertThat(killed.path("result").path("pages").asInt()).isEqualTo(117);
  }

  @Test
  void cancellingAJobRunningInAnotherProcessStopsItWithinFiveSeconds() throws Exception {
    startWorker("worker-a");
    awaitWorkers(1);
    String job = api.upload(BIG_PDF, Map.of()).body().path("job_id").asText();
    awaitEmbedding(job);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> chunkRowsOf(job) > 0);
    long t0 = System.nanoTime();
    ApiClient.Response r = api.post("/api/v1/jobs/" + job + "/cancel", Map.of());
    assertThat(r.status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                api.get("/api/v1/jobs/" + job).body().path("status").asText().equals("cancelled"));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).isLessThan(5.0);
    JsonNode cancelled = api.get("/api/v1/jobs/" + job).body();
    String doc = cancelled.path("document_id").asText();
    // The API only shows a document's live chunks, never a running job's: count the table.
    assertThat(chunkRowsOf(job)).as("partial chunks of the cancelled job").isZero();
    assertThat(api.get("/api/v1/documents/" + doc).body().path("status").asText())
        .isEqualTo("cancelled");
    assertThat(api.post("/api/v1/jobs/" + job + "/cancel", Map.of()).status()).isEqualTo(409);
    // The worker is free again: a new upload completes.
    String next =
        api.upload(CORPUS.resolve("pdflatex-4-pages.pdf"), Map.of()).body().path("job_id").asText();
    assertThat(api.awaitFinished(next, Duration.ofMinutes(2)).path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void eventsOfAJobRunInAWorkerProcessReachTheApiNodesSubscribers() {
    startWorker("worker-a");
    awaitWorkers(1);
    String job =
        api.upload(CORPUS.resolve("pdflatex-4-pages.pdf"), Map.of()).body().path("job_id").asText();
    try (SseReader events = new SseReader(api.base() + "/api/v1/jobs/" + job + "/events", null)) {
      JsonNode done =
          events.await(e -> e.path("status").asText().equals("completed"), Duration.ofMinutes(2));
      assertThat(done.path("progress").asDouble()).isEqualTo(100.0);
      assertThat(events.events()).anyMatch(e -> e.path("status").asText().equals("processing"));
      // Progress within a status and stage never goes backwards for a subscriber.
      double last = -1;
      String lastKey = "";
      for (JsonNode e : events.events()) {
        String key = e.path("status").asText() + "/" + e.path("stage").asText();
        if (key.equals(lastKey)) {
          assertThat(e.path("progress").asDouble()).isGreaterThanOrEqualTo(last);
        }
        lastKey = key;
        last = e.path("progress").asDouble();
      }
    }
  }

  @Test
  void sigtermHandsTheRunningJobBackWithinTheGracePeriod() {
    Map<String, String> env = env("worker-a");
    env.put("TASK_SHUTDOWN_GRACE", "1");
    IntakeProcess a = start("worker", env);
    awaitWorkers(1);
    String job = api.upload(BIG_PDF, Map.of()).body().path("job_id").asText();
    awaitEmbedding(job);
    long t0 = System.nanoTime();
    a.terminate();
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).as("shutdown within the grace period and a margin").isLessThan(15);
    JsonNode handedBack = api.get("/api/v1/jobs/" + job).body();
    assertThat(handedBack.path("status").asText()).isEqualTo("pending");
    assertThat(handedBack.path("retry_count").asInt())
        .as("a hand-back is not a failed attempt")
        .isZero();
    assertThat(a.logText()).contains("stopped 1 workers");
    startWorker("worker-b");
    JsonNode done = api.awaitFinished(job, Duration.ofMinutes(5));
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("result").path("resumed_from_chunk").asInt())
        .as("resumed after the handed-back work")
        .isPositive();
  }

  /** Waits until the job has committed at least one group of chunks (its first checkpoint). */
  private JsonNode awaitEmbedding(String job) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> api.get("/api/v1/jobs/" + job).body(),
            j -> j.path("message").asText().startsWith("Embedding chunk"));
  }

  /** The job's rows in the chunks table itself, live or not. */
  private long chunkRowsOf(String jobId) throws SQLException {
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrlFor(schema));
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM chunks WHERE job_id = ?")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long pidOf(String workerId) {
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      if (w.path("worker_id").asText().equals(workerId)) {
        return w.path("pid").asLong();
      }
    }
    throw new AssertionError("no live worker " + workerId);
  }
}
