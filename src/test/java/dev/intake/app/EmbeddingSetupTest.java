package dev.intake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.intake.config.ConfigException;
import dev.intake.config.IntakeConfig;
import dev.intake.embedserver.EmbeddingServer;
import dev.intake.health.HealthRegistry;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote embedding endpoint is checked when a process starts: another vector length, or a
 * refusal, stops it with what to change; an endpoint that is not up yet does not. A search index
 * built for another model stops an API node the same way.
 */
class EmbeddingSetupTest {
  private static MiniLmEmbeddingModel model;
  private static EmbeddingServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    model = new MiniLmEmbeddingModel(2);
    server = new EmbeddingServer(model, new EmbeddingServer.Settings("127.0.0.1", 0, "k", 4));
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  private static Map<String, String> remote(int port, String key, int dimensions) {
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_EMBEDDING_URL", "http://127.0.0.1:" + port);
    vars.put("INTAKE_EMBEDDING_MODEL", MiniLmEmbeddingModel.NAME);
    vars.put("INTAKE_EMBEDDING_DIMENSIONS", Integer.toString(dimensions));
    vars.put("INTAKE_EMBEDDING_API_KEY", key);
    vars.put("INTAKE_EMBEDDING_TIMEOUT", "5");
    return vars;
  }

  private static EmbeddingModel open(Map<String, String> vars, HealthRegistry health) {
    return EmbeddingSetup.open(
        IntakeConfig.from(vars).embedding(), 1, dev.intake.os.BackgroundPriority.NORMAL, health);
  }

  @Test
  void anEndpointReturningAnotherLengthStopsTheProcessWithWhatToChange() {
    assertThatThrownBy(
            () -> open(remote(server.port(), "k", 768), new HealthRegistry(Clock.systemUTC())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INTAKE_EMBEDDING_DIMENSIONS is 768")
        .hasMessageContaining("returns 384-dimensional vectors for model all-minilm-l6-v2-q")
        .hasMessageContaining("set INTAKE_EMBEDDING_DIMENSIONS=384");
  }

  @Test
  void aRefusedStartUpCheckStopsTheProcess() {
    assertThatThrownBy(
            () -> open(remote(server.port(), "wrong", 384), new HealthRegistry(Clock.systemUTC())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("refused the start-up check")
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void theRightEndpointOpensAndReportsItselfUp() {
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    try (EmbeddingModel m = open(remote(server.port(), "k", 384), health)) {
      assertThat(m.name()).isEqualTo(MiniLmEmbeddingModel.NAME);
      assertThat(m.dimensions()).isEqualTo(384);
      assertThat(health.snapshot().get(EmbeddingSetup.HEALTH_PART).level())
          .isEqualTo(HealthRegistry.Level.OK);
    }
  }

  @Test
  void anEndpointNotUpYetLetsTheProcessStartAndReportsItDown() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once the socket is closed
    }
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    try (EmbeddingModel m = open(remote(closed, "k", 384), health)) {
      HealthRegistry.Status part = health.snapshot().get(EmbeddingSetup.HEALTH_PART);
      assertThat(part.level()).isEqualTo(HealthRegistry.Level.DOWN);
      assertThat(part.reason()).contains("Could not connect to the embedding service at 127.0.0.1");
    }
  }

  @Test
  void anApiNodeRefusesAnIndexBuiltForAnotherModel() throws IOException {
    Map<String, String> vars = TestNode.defaults(dir);
    vars.put("TASK_MAX_WORKERS", "1");
    try (IntakeNode first = TestNode.serve(vars)) { // indexes a document of the in-process model
      ApiClient api = new ApiClient(first.port());
      String job =
          api.upload("a.txt", Documents.textBytes(1, 3), Map.of()).body().path("job_id").asText();
      assertThat(api.awaitFinished(job, Duration.ofMinutes(2)).path("status").asText())
          .isEqualTo("completed");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.get("/api/v1/health").body().at("/index/chunks").asInt() > 0);
    }
    vars.put("TASK_MAX_WORKERS", "0");
    Map<String, String> other = new HashMap<>(vars);
    other.putAll(remote(server.port(), "k", 384));
    other.put("INTAKE_EMBEDDING_MODEL", "all-minilm-l6-v2-q"); // the same: starts
    try (IntakeNode same = TestNode.serve(other)) {
      assertThat(same.port()).isPositive();
    }
    // A model of the same length under another name is another model.
    EmbeddingServer renamed =
        new EmbeddingServer(
            new Renamed(model, "bge-small-en-v1.5"),
            new EmbeddingServer.Settings("127.0.0.1", 0, null, 4));
    try {
      Map<String, String> bge = new HashMap<>(vars);
      bge.putAll(remote(renamed.port(), "", 384));
      bge.remove("INTAKE_EMBEDDING_API_KEY");
      bge.put("INTAKE_EMBEDDING_MODEL", "bge-small-en-v1.5");
      assertThatThrownBy(
              () ->
                  IntakeNode.start(
                      IntakeConfig.from(bge), IntakeNode.Role.SERVE, Clock.systemUTC()))
          .hasMessageContaining("holds vectors of the embedding model all-minilm-l6-v2-q")
          .hasMessageContaining("this node embeds queries with bge-small-en-v1.5 (384 dimensions)")
          .hasMessageContaining("intake reindex");
      // The rebuild is for the configured model; then the node starts.
      Reindex.run(IntakeConfig.from(bge));
      try (IntakeNode rebuilt = TestNode.serve(bge)) {
        assertThat(rebuilt.port()).isPositive();
      }
    } finally {
      renamed.close();
    }
  }

  /** The in-process model served under another name, as another server would serve its own. */
  private record Renamed(EmbeddingModel model, String name) implements EmbeddingModel {
    @Override
    public int dimensions() {
      return model.dimensions();
    }

    @Override
    public dev.intake.pipeline.chunk.Tokenizer tokenizer() {
      return model.tokenizer();
    }

    @Override
    public java.util.List<float[]> embed(java.util.List<String> texts) {
      return model.embed(texts);
    }

    @Override
    public void close() {} // the shared model is closed once, by the class
  }
}
