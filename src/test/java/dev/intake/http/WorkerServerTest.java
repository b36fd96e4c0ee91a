package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.engine.JobEventBus;
import dev.intake.health.HealthRegistry;
import dev.intake.health.Readiness;
import dev.intake.metrics.IntakeMetrics;
import dev.intake.sandbox.ParserPool;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process's endpoints: readiness follows the parts that are down and the pool's state,
 * liveness only the pool's; the health paths need no key, the metrics do when one is set; the
 * request guard of the API applies.
 */
class WorkerServerTest {
  private static final String KEY = "worker-key";

  @TempDir Path dir;
  private Database db;
  private WorkerServer server;
  private RawHttp http;
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final AtomicReference<String> pool = new AtomicReference<>("running");

  @BeforeEach
  void start() {
    db = TestDatabases.sqlite(dir);
    IntakeMetrics metrics = new IntakeMetrics(new JdbcJobReader(db), new JobEventBus());
    server =
        new WorkerServer(
            new WorkerServer.Settings("127.0.0.1", 0, KEY, List.of()),
            new Readiness(health, pool::get),
            health,
            metrics);
    http = new RawHttp(server.port());
    health.ok("database");
  }

  @AfterEach
  void stop() {
    server.close();
    db.close();
  }

  private RawHttp.Response get(String path, String... headers) {
    return http.send("GET", path, List.of(headers));
  }

  @Test
  void readyWhileNothingIsDownAndEveryPartIsListed() {
    health.degraded("reaper", "restarted after a failure");
    RawHttp.Response r = get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("ready");
    assertThat(r.json().path("live").asBoolean()).isTrue();
    assertThat(r.json().path("reasons")).isEmpty();
    assertThat(r.json().at("/services/reaper/status").asText()).isEqualTo("degraded");
    assertThat(get("/health/ready").status()).isEqualTo(200);
    assertThat(get("/health/live").status()).isEqualTo(200);
  }

  @Test
  void readyWithoutOcrWhichHealthStillReportsDown() throws Exception {
    health.down(ParserPool.OCR_HEALTH_PART, "Tesseract is not installed");
    RawHttp.Response r = get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("ready");
    assertThat(r.json().at("/services/ocr/status").asText()).isEqualTo("down");
    assertThat(get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  void notReadyButLiveWhileTheDatabaseIsDownWithTheReason() {
    health.down("database", "the database cannot be reached: connection refused");
    RawHttp.Response r = get("/health");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("retry-after")).isNotBlank();
    assertThat(r.json().path("status").asText()).isEqualTo("not_ready");
    assertThat(r.json().path("reasons").get(0).asText())
        .isEqualTo("database: the database cannot be reached: connection refused");
    assertThat(get("/health/ready").status()).isEqualTo(503);
    assertThat(get("/health/live").status()).as("an outage is no reason to restart").isEqualTo(200);

    health.ok("database");
    assertThat(get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  void aStoppingPoolIsNotReadyAndAStoppedOneNotLive() {
    pool.set("stopping");
    assertThat(get("/health/ready").json().path("reasons").get(0).asText())
        .startsWith("workers: stopping");
    assertThat(get("/health/live").status()).isEqualTo(200);
    pool.set("stopped");
    assertThat(get("/health/live").status()).isEqualTo(503);
  }

  @Test
  void metricsNeedTheKeyAndHealthDoesNot() {
    assertThat(get("/metrics").status()).isEqualTo(401);
    assertThat(get("/metrics", "Authorization: Bearer nope").status()).isEqualTo(401);
    RawHttp.Response m = get("/metrics", "Authorization: Bearer " + KEY);
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.header("content-type")).startsWith("text/plain");
    assertThat(m.body()).contains("intake_queue_depth{priority=\"high\"}");
    assertThat(get("/health").status()).isEqualTo(200);
  }

  @Test
  void foreignHostsAndUnknownPathsAreRefusedWithApiErrors() {
    RawHttp.Response foreign = get("/health", "Host: attacker.example:8081");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.errorCode()).isEqualTo("host_not_allowed");
    RawHttp.Response unknown = get("/api/v1/jobs");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorMessage()).contains("a worker serves /health");
  }
}
