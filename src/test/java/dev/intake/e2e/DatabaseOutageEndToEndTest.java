package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for database outages, scaled for CI: a node on a real PostgreSQL server through a
 * proxy the test cuts while several documents are being ingested, for several lease durations.
 * During the outage every answer comes within 2 s: {@code 503} with {@code Retry-After} where the
 * database is needed, search from the local index, {@code /health} saying the database is
 * unavailable. Afterwards every job completes with {@code retry_count} 0 and each chunk index
 * exactly once in the chunks table. The full 60 s outage and a real server restart are the chaos
 * suite's.
 */
class DatabaseOutageEndToEndTest {
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration OUTAGE = Duration.ofSeconds(8); // four leases
  private static final int DOCUMENTS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String schema;
  private TcpProxy proxy;
  private IntakeNode node;
  private ApiClient api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Duration> slowest = new TreeMap<>(); // per endpoint, for the log

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated directly; the node reaches it through the proxy
    }
    proxy = TcpProxy.toTestPostgres();
    Map<String, String> vars = TestNode.defaults(dir);
    vars.put("INTAKE_DATABASE_URL", proxy.redirect(TestDatabases.postgresUrlFor(schema)));
    vars.put("TASK_LEASE_DURATION", Long.toString(LEASE.toSeconds()));
    vars.put("TASK_MAX_WORKERS", "2");
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (schema != null) {
      TestDatabases.dropSchema(schema);
    }
  }

  @Test
  void aServerRestartLongerThanTheLeaseCostsNoAttemptAndNoRequestWaits() throws Exception {
    ingestAcrossAnOutage(TcpProxy::refuse);
  }

  @Test
  void aCutNetworkLongerThanTheLeaseCostsNoAttemptAndNoRequestWaits() throws Exception {
    ingestAcrossAnOutage(TcpProxy::blackHole);
  }

  private void ingestAcrossAnOutage(Consumer<TcpProxy> cut) throws Exception {
    String searchable = upload("before.txt", Documents.textBytes(1000, 6));
    assertThat(api.awaitFinished(searchable, Duration.ofMinutes(2)).path("status").asText())
        .isEqualTo("completed");
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      jobs.add(upload("doc-" + i + ".txt", Documents.textBytes(i, 240)));
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> anyEmbedding(jobs));

    cut.accept(proxy);
    long until = System.nanoTime() + OUTAGE.toNanos();
    int rounds = 0;
    while (System.nanoTime() < until) {
      duringTheOutage(jobs.get(0));
      rounds++;
    }
    proxy.restore();
    assertThat(rounds).isPositive();
    System.out.println("slowest answers during the outage (" + rounds + " rounds): " + slowest);

    for (String id : jobs) {
      JsonNode job = api.awaitFinished(id, Duration.ofMinutes(3));
      assertThat(job.path("status").asText()).as(id + " " + job).isEqualTo("completed");
      assertThat(job.path("retry_count").asInt()).as("retry_count of " + job).isZero();
      int n = job.path("result").path("chunk_count").asInt();
      assertThat(n).isPositive();
      assertThat(chunkIndexes(job.path("document_id").asText()))
          .as("chunks of " + id + ", read from the table")
          .isEqualTo(range(n));
    }
    String after = upload("after.txt", Documents.textBytes(2000, 3));
    assertThat(api.awaitFinished(after, Duration.ofMinutes(1)).path("status").asText())
        .isEqualTo("completed");
  }

  /** One round of requests while the database is cut off; each must answer in time. */
  private void duringTheOutage(String jobId) throws Exception {
    for (String path :
        List.of("/api/v1/jobs/" + jobId, "/api/v1/jobs", "/api/v1/workers", "/api/v1/documents")) {
      Answer a = timed(get(path));
      assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(503);
      assertThat(a.retryAfter()).as(path).isNotBlank();
      assertThat(a.json().path("error").path("code").asText()).isEqualTo("database_unavailable");
    }
    long t0 = System.nanoTime();
    ApiClient.Response upload = api.upload("during.txt", Documents.textBytes(3000, 2), Map.of());
    assertThat(took("POST /api/v1/documents/upload", t0)).as("upload").isLessThan(ANSWER_BOUND);
    assertThat(upload.status()).as("upload " + upload.body()).isEqualTo(503);

    Answer search =
        timed(
            HttpRequest.newBuilder(uri("/api/v1/search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"harbour lease\"}")));
    assertThat(search.status()).as("search: " + search.body()).isEqualTo(200);
    assertThat(search.json().path("results").size()).isPositive();

    Answer health = timed(get("/api/v1/health"));
    assertThat(health.json().path("database").path("status").asText()).isEqualTo("unavailable");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.retryAfter()).as("/health").isNotBlank();
  }

  private record Answer(int status, String retryAfter, String body, JsonNode json) {}

  private Answer timed(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
    long t0 = System.nanoTime();
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    String endpoint = r.method() + " " + r.uri().getPath();
    assertThat(took(endpoint, t0)).as(endpoint).isLessThan(ANSWER_BOUND);
    JsonNode json = res.body().isEmpty() ? JSON.nullNode() : JSON.readTree(res.body());
    return new Answer(
        res.statusCode(), res.headers().firstValue("Retry-After").orElse(""), res.body(), json);
  }

  private Duration took(String endpoint, long startNanos) {
    Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
    String key = endpoint.replaceAll("/jobs/[0-9a-f-]{36}", "/jobs/{id}");
    slowest.merge(key, d, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    return d;
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(path)).GET();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
  }

  private String upload(String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private boolean anyEmbedding(List<String> jobs) {
    for (String id : jobs) {
      JsonNode job = api.get("/api/v1/jobs/" + id).body();
      if (job.path("stage").asText().equals("embedding") && job.path("progress").asDouble() > 40) {
        return true;
      }
    }
    return false;
  }

  private List<Integer> chunkIndexes(String documentId) throws SQLException {
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrlFor(schema));
        PreparedStatement ps =
            c.prepareStatement(
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
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
