package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker liveness across processes, on PostgreSQL: a separate {@code intake worker} busy embedding
 * is listed by the API node's {@code /workers} and {@code /health/workers} with its job throughout;
 * SIGKILLed, it disappears within two heartbeat intervals, its current job with it, and the reaper
 * deletes its row.
 */
class WorkerLivenessEndToEndTest {
  static final Duration HEARTBEAT = Duration.ofMillis(500);

  @TempDir Path dir;
  String schema;
  IntakeProcess serve;
  IntakeProcess worker;
  ApiClient api;

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated up front; the processes connect by URL
    }
    int port = IntakeProcess.freePort();
    api = new ApiClient(port);
    Map<String, String> env = env("serve");
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_WORKERS_AUTO_START", "false");
    serve = IntakeProcess.start("serve", env, dir.resolve("serve.log"));
    serve.awaitHealthy(api, Duration.ofSeconds(90));
    worker = IntakeProcess.start("worker", env("worker"), dir.resolve("worker.log"));
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (serve != null) {
      serve.close();
    }
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
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
    env.put("TASK_HEARTBEAT_INTERVAL", Double.toString(HEARTBEAT.toMillis() / 1000.0));
    return env;
  }

  private JsonNode workers() {
    return api.get("/api/v1/workers").body().path("workers");
  }

  @Test
  void aBusyWorkerIsListedWithItsJobAndAKilledOneVanishesWithinTwoHeartbeats() throws Exception {
    String id =
        api.upload("long.txt", Documents.textBytes(7, 3000), Map.of())
            .body()
            .path("job_id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                api.get("/api/v1/jobs/" + id)
                    .body()
                    .path("message")
                    .asText()
                    .startsWith("Embedding"));

    // Busy: listed on every poll, with the job, for ten heartbeat intervals.
    Instant until = Instant.now().plus(HEARTBEAT.multipliedBy(10));
    while (Instant.now().isBefore(until)) {
      JsonNode listed = workers();
      assertThat(listed.size()).as(listed.toString()).isEqualTo(1);
      assertThat(listed.get(0).path("current_job").asText()).isEqualTo(id);
      assertThat(listed.get(0).path("pid").asLong()).isEqualTo(worker.pid());
      JsonNode health = api.get("/api/v1/health/workers").body();
      assertThat(health.path("worker_count").asInt()).isEqualTo(1);
      assertThat(health.path("running_workers").asInt()).isEqualTo(1);
    }
    assertThat(api.get("/api/v1/jobs/" + id).body().path("status").asText())
        .as("the job ran throughout")
        .isEqualTo("processing");

    worker.kill();
    long killedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> workers().isEmpty());
    Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
    // Gone at the latest two intervals after its last beat, which came before the kill; the slack
    // is for the polls themselves on a loaded machine.
    assertThat(gone).isLessThanOrEqualTo(HEARTBEAT.multipliedBy(2).plusMillis(500));
    assertThat(api.get("/api/v1/health/workers").body().path("running_workers").asInt()).isZero();

    String url = TestDatabases.postgresUrlFor(schema);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(url);
                  Statement s = c.createStatement();
                  ResultSet r = s.executeQuery("SELECT count(*) FROM workers")) {
                r.next();
                return r.getInt(1) == 0;
              }
            });
  }
}
