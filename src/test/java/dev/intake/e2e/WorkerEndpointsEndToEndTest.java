package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import dev.intake.testing.TestNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for the worker endpoints: an {@code intake worker} process on PostgreSQL serves {@code
 * /metrics} that count the jobs it ran, registers where they are ({@code GET /workers} shows its
 * {@code metrics_url}), and its {@code /health} turns unready, with the reason, while its database
 * cannot be reached — but stays live — and ready again when it can.
 */
class WorkerEndpointsEndToEndTest {
  private static final Pattern ENDPOINTS =
      Pattern.compile("health and metrics on http://127\\.0\\.0\\.1:(\\d+)/health");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String schema;
  private TcpProxy proxy;
  private IntakeNode api;
  private IntakeProcess worker;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated up front; the processes connect to it by URL
    }
    Map<String, String> vars = TestNode.defaults(dir.resolve("api"));
    vars.put("INTAKE_DATABASE_URL", TestDatabases.postgresUrlFor(schema));
    vars.put("INTAKE_BLOB_DIR", dir.resolve("blobs").toString());
    vars.put("TASK_WORKERS_AUTO_START", "false");
    api = TestNode.serve(vars);
    proxy = TcpProxy.toTestPostgres();
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (api != null) {
      api.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    TestDatabases.dropSchema(schema);
  }

  private IntakeProcess startWorker() {
    return startWorker("0");
  }

  private IntakeProcess startWorker(String port) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATABASE_URL", proxy.redirect(TestDatabases.postgresUrlFor(schema)));
    env.put("INTAKE_DATA_DIR", dir.resolve("worker").toString());
    env.put("INTAKE_BLOB_DIR", dir.resolve("blobs").toString());
    env.put("INTAKE_WORKER_PORT", port);
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "5");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.2");
    return IntakeProcess.start("worker", env, dir.resolve("worker.log"));
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double metric(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aChosenWorkerPortThatIsTakenStopsTheWorkerAndSaysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      worker = startWorker(Integer.toString(taken.getLocalPort()));
      assertThat(worker.awaitExit(Duration.ofMinutes(2))).hasValue(2);
      assertThat(worker.logText())
          .contains("INTAKE_WORKER_PORT " + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void aWorkerCountsTheJobsItRanAndTurnsUnreadyWhileItsDatabaseIsUnreachable() throws Exception {
    worker = startWorker();
    int port = Integer.parseInt(worker.awaitOutput(ENDPOINTS, Duration.ofMinutes(2)));
    await().atMost(Duration.ofMinutes(1)).until(() -> get(port, "/health").statusCode() == 200);

    ApiClient client = new ApiClient(api.port());
    int chunks = 0;
    for (int i = 0; i < 2; i++) {
      String job =
          client
              .upload("doc-" + i + ".txt", Documents.textBytes(i, 12), Map.of())
              .body()
              .path("job_id")
              .asText();
      JsonNode done = client.awaitFinished(job, Duration.ofMinutes(3));
      assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
      chunks += done.path("result").path("chunk_count").asInt();
    }

    String scrape = get(port, "/metrics").body();
    assertThat(metric(scrape, "intake_jobs_total{outcome=\"completed\"}")).isEqualTo(2.0);
    assertThat(metric(scrape, "intake_chunks_embedded_total")).isEqualTo(chunks);
    assertThat(metric(scrape, "intake_embedding_duration_seconds_count{kind=\"document\"}"))
        .isPositive();
    assertThat(metric(scrape, "intake_stage_duration_seconds_count{stage=\"embedding\"}"))
        .isEqualTo(2.0);
    assertThat(metric(scrape, "intake_lease_losses_total")).isZero();
    assertThat(scrape).contains("intake_queue_depth{priority=\"high\"}");
    // The API node ran none of them: metrics are per process.
    assertThat(client.getText("/metrics"))
        .doesNotContain("intake_jobs_total{outcome=\"completed\"}");

    JsonNode workers = client.get("/api/v1/workers").body().path("workers");
    assertThat(workers).hasSize(1);
    assertThat(workers.get(0).path("metrics_url").asText())
        .isEqualTo("http://127.0.0.1:" + port + "/metrics");
    assertThat(workers.get(0).path("pid").asLong()).isEqualTo(worker.pid());

    proxy.refuse();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health").statusCode() == 503);
    JsonNode health = JSON.readTree(get(port, "/health").body());
    assertThat(health.path("status").asText()).isEqualTo("not_ready");
    assertThat(health.path("reasons").get(0).asText())
        .startsWith("database: the database cannot be reached");
    assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);
    assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(port, "/metrics").statusCode()).as("metrics still answer").isEqualTo(200);

    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get(port, "/health/ready").statusCode() == 200);
  }
}
