package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process configured without worker threads says so instead of claiming to run them. */
class WorkerControlTest {
  @TempDir Path dir;

  @Test
  void startingWorkersOfAProcessWithoutAnyIsAConflictThatSaysWhy() {
    Map<String, String> vars = TestNode.defaults(dir);
    vars.put("TASK_MAX_WORKERS", "0");
    try (IntakeNode node = TestNode.serve(vars)) {
      ApiClient api = new ApiClient(node.port());
      ApiClient.Response start = api.post("/api/v1/workers/start", Map.of());
      assertThat(start.status()).isEqualTo(409);
      assertThat(start.body().at("/error/code").asText()).isEqualTo("no_workers_configured");
      assertThat(start.body().at("/error/message").asText()).contains("TASK_MAX_WORKERS");
      ApiClient.Response stop = api.post("/api/v1/workers/stop", Map.of());
      assertThat(stop.status()).isEqualTo(200);
      assertThat(stop.body().path("status").asText()).isEqualTo("stopped");
      assertThat(api.get("/api/v1/workers").body().path("workers").size()).isZero();
    }
  }
}
