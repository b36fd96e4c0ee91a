package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import dev.intake.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for remote embeddings: an {@code intake embed-server} process serves the in-process
 * model on {@code /v1/embeddings}; an API node and an {@code intake worker} process are configured
 * with {@code INTAKE_EMBEDDING_URL} (through a proxy the test can cut). The vectors stored for a
 * document match the in-process model's to within rounding; while the endpoint is cut off the
 * running job waits (no attempt spent), the worker is not ready, a search answers {@code 503
 * embedding_unavailable}; afterwards everything completes.
 */
class RemoteEmbeddingEndToEndTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/v1/embeddings");
  private static final Pattern ENDPOINTS =
      Pattern.compile("health and metrics on http://127\\.0\\.0\\.1:(\\d+)/health");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String schema;
  private IntakeProcess embedServer;
  private TcpProxy endpoint;
  private IntakeNode api;
  private IntakeProcess worker;
  private ApiClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated up front; the processes connect to it by URL
    }
    Map<String, String> serverEnv = new HashMap<>();
    serverEnv.put("INTAKE_PORT", "0");
    serverEnv.put("INTAKE_EMBED_THREADS", "1");
    embedServer = IntakeProcess.start("embed-server", serverEnv, dir.resolve("embed.log"));
    int port = Integer.parseInt(embedServer.awaitOutput(LISTENING, Duration.ofMinutes(2)));
    endpoint = TcpProxy.to("127.0.0.1", port);

    Map<String, String> vars = TestNode.defaults(dir.resolve("api"));
    vars.putAll(common());
    vars.put("TASK_WORKERS_AUTO_START", "false");
    api = TestNode.serve(vars);
    client = new ApiClient(api.port());

    Map<String, String> env = common();
    env.put("INTAKE_DATA_DIR", dir.resolve("worker").toString());
    env.put("INTAKE_WORKER_PORT", "0");
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "5");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.2");
    worker = IntakeProcess.start("worker", env, dir.resolve("worker.log"));
  }

  private Map<String, String> common() {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATABASE_URL", TestDatabases.postgresUrlFor(schema));
    env.put("INTAKE_BLOB_DIR", dir.resolve("blobs").toString());
    env.put("INTAKE_EMBEDDING_URL", "http://127.0.0.1:" + endpoint.port());
    env.put("INTAKE_EMBEDDING_MODEL", MiniLmEmbeddingModel.NAME);
    env.put("INTAKE_EMBEDDING_DIMENSIONS", "384");
    env.put("INTAKE_EMBEDDING_BATCH_SIZE", "8");
    env.put("INTAKE_EMBEDDING_TIMEOUT", "30");
    return env;
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {worker, api, endpoint, embedServer}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
    TestDatabases.dropSchema(schema);
  }

  @Test
  void aRemoteWorkerStoresTheInProcessModelsVectorsAndOutlastsAnEndpointOutage() throws Exception {
    int health = Integer.parseInt(worker.awaitOutput(ENDPOINTS, Duration.ofMinutes(2)));
    assertThat(worker.logText())
        .as("the worker embeds remotely, not with its own copy of the model")
        .contains("(384 dimensions, at http://127.0.0.1:" + endpoint.port() + ")");
    String first = upload("first.txt", Documents.textBytes(7, 20));
    JsonNode done = client.awaitFinished(first, Duration.ofMinutes(3));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
    String doc = done.path("document_id").asText();
    assertSameVectorsAsTheInProcessModel(doc, done.path("result").path("chunk_count").asInt());
    JsonNode document = client.get("/api/v1/documents/" + doc).body();
    assertThat(document.path("embedding_model").asText()).isEqualTo(MiniLmEmbeddingModel.NAME);
    assertThat(document.path("embedding_dimensions").asInt()).isEqualTo(384);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !search("harbour").path("results").isEmpty());

    String second = upload("second.txt", Documents.textBytes(8, 400));
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                client
                    .get("/api/v1/jobs/" + second)
                    .body()
                    .path("stage")
                    .asText()
                    .equals("embedding"));
    endpoint.refuse();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                client
                    .get("/api/v1/jobs/" + second)
                    .body()
                    .path("message")
                    .asText()
                    .startsWith("Waiting: Could not connect to the embedding service"));
    JsonNode unready = JSON.readTree(get(health, "/health").body());
    assertThat(unready.path("status").asText()).isEqualTo("not_ready");
    assertThat(unready.path("reasons").toString()).contains("embedding: Could not connect");
    HttpResponse<String> refused = searchResponse("harbour");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(JSON.readTree(refused.body()).at("/error/code").asText())
        .isEqualTo("embedding_unavailable");
    assertThat(client.get("/api/v1/jobs/" + second).body().path("status").asText())
        .isEqualTo("processing");

    endpoint.restore();
    JsonNode after = client.awaitFinished(second, Duration.ofMinutes(5));
    assertThat(after.path("status").asText()).as(after.toString()).isEqualTo("completed");
    assertThat(after.path("retry_count").asInt()).as("the outage cost no attempt").isZero();
    assertSameVectorsAsTheInProcessModel(
        after.path("document_id").asText(), after.path("result").path("chunk_count").asInt());
    await().atMost(Duration.ofSeconds(30)).until(() -> get(health, "/health").statusCode() == 200);
    assertThat(searchResponse("harbour").statusCode()).isEqualTo(200);
  }

  private void assertSameVectorsAsTheInProcessModel(String documentId, int chunkCount)
      throws Exception {
    List<String> texts = new ArrayList<>();
    List<float[]> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrlFor(schema));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT c.text, c.embedding FROM chunks c JOIN documents d"
                    + " ON d.document_id = c.document_id AND d.active_job_id = c.job_id"
                    + " WHERE c.document_id = ? ORDER BY c.chunk_index")) {
      ps.setString(1, documentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          texts.add(rs.getString(1));
          byte[] bytes = rs.getBytes(2);
          float[] v = new float[bytes.length / 4];
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
          stored.add(v);
        }
      }
    }
    assertThat(texts).hasSize(chunkCount).hasSizeGreaterThan(1);
    try (MiniLmEmbeddingModel local = new MiniLmEmbeddingModel(1)) {
      List<float[]> expected = local.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(stored.get(i)).as("chunk " + i).hasSize(384);
        assertThat(stored.get(i)).as("chunk " + i).containsExactly(expected.get(i), within(1e-6f));
      }
    }
  }

  private String upload(String name, byte[] content) {
    ApiClient.Response r = client.upload(name, content, Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private JsonNode search(String query) throws Exception {
    return JSON.readTree(searchResponse(query).body());
  }

  private HttpResponse<String> searchResponse(String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(client.base() + "/api/v1/search"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
