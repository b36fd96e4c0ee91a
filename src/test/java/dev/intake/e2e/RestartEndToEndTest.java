package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default survives its own crash: a real {@code intake serve} process is killed
 * (SIGKILL) mid-queue and started again on the same data directory; every job then completes
 * exactly once.
 */
class RestartEndToEndTest {
  @TempDir Path dir;

  @Test
  void crashMidQueueThenRestartCompletesEveryJobExactlyOnce() {
    int port = IntakeProcess.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATA_DIR", dir.resolve("data").toString());
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "3");
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
    ApiClient api = new ApiClient(port);
    List<String> jobs = new ArrayList<>();

    try (IntakeProcess first = IntakeProcess.start("serve", env, dir.resolve("first.log"))) {
      first.awaitHealthy(api, Duration.ofSeconds(60));
      for (int i = 0; i < 6; i++) {
        ApiClient.Response r =
            api.upload("doc-" + i + ".txt", Documents.textBytes(i, i == 0 ? 300 : 40), Map.of());
        assertThat(r.status()).isEqualTo(202);
        jobs.add(r.body().path("job_id").asText());
      }
      // Kill while the first (long) job is embedding and the rest still wait: it has about a
      // hundred chunks left after its first checkpoint, a wide margin for the kill to land.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  api.get("/api/v1/jobs/" + jobs.get(0))
                      .body()
                      .path("message")
                      .asText()
                      .startsWith("Embedding chunk"));
      first.kill();
    }

    try (IntakeProcess second = IntakeProcess.start("serve", env, dir.resolve("second.log"))) {
      second.awaitHealthy(api, Duration.ofSeconds(60));
      for (String id : jobs) {
        JsonNode job = api.awaitFinished(id, Duration.ofMinutes(3));
        assertThat(job.path("status").asText()).as(id).isEqualTo("completed");
        String doc = job.path("document_id").asText();
        int count =
            api.get("/api/v1/jobs/" + id + "/result")
                .body()
                .path("result")
                .path("chunk_count")
                .asInt();
        JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks?limit=1000").body();
        assertThat(chunks.path("total").asInt()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
          assertThat(chunks.path("chunks").get(i).path("chunk_index").asInt()).isEqualTo(i);
        }
      }
      JsonNode killed = api.get("/api/v1/jobs/" + jobs.get(0)).body();
      assertThat(killed.path("retry_count").asInt())
          .as("the job running at the crash ran again")
          .isGreaterThanOrEqualTo(1);
      assertThat(killed.path("result").path("resumed_from_chunk").asInt())
          .as("the retry resumed after the chunks committed before the crash")
          .isPositive();
      assertThat(api.get("/api/v1/documents?limit=100").body().path("total").asInt()).isEqualTo(6);
      assertThat(api.get("/api/v1/jobs?limit=100").body().path("total").asInt()).isEqualTo(6);
    }
  }
}
