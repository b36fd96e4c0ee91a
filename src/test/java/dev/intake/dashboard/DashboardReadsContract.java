package dev.intake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reads the dashboard added to the API, through real HTTP on each database: a job's history
 * (written by the database's triggers), throughput per minute and percentiles, a batch's files in
 * order, documents by name and the file name on every job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardReadsContract {
  @TempDir static Path tmp;
  IntakeNode node;
  ApiClient api;
  Path allowed;

  /** Settings that choose the database; the data directory is set already. */
  abstract void database(Map<String, String> vars);

  @BeforeAll
  void start() throws Exception {
    allowed = Files.createDirectories(tmp.resolve("allowed-" + getClass().getSimpleName()));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data-" + getClass().getSimpleName()));
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    database(vars);
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    afterNode();
  }

  /** Runs once the node is closed. */
  void afterNode() {}

  private JsonNode uploadAndWait(String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    return api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
  }

  private static List<String> field(JsonNode array, String name) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(name).isNull() ? null : n.path(name).asText()));
    return out;
  }

  @Test
  void aCompletedJobsHistoryHasEveryStateAndStageWithTimesAndOneAttempt() {
    JsonNode job = uploadAndWait("history.txt", Documents.textBytes(61, 20));
    String id = job.path("job_id").asText();
    JsonNode h = api.get("/api/v1/jobs/" + id + "/history").body();
    JsonNode timeline = h.path("timeline");
    assertThat(field(timeline, "status")).startsWith("pending", "processing").endsWith("completed");
    assertThat(field(timeline, "stage")).contains("parsing", "chunking", "embedding");
    Instant previous = Instant.EPOCH;
    for (JsonNode c : timeline) {
      Instant at = Instant.parse(c.path("at").asText());
      assertThat(at).isAfterOrEqualTo(previous);
      previous = at;
    }
    JsonNode attempts = h.path("attempts");
    assertThat(attempts.size()).isEqualTo(1);
    assertThat(attempts.get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(attempts.get(0).path("worker_id").asText())
        .isEqualTo(job.path("worker_id").asText());
    assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("completed");
    assertThat(attempts.get(0).path("error_message").isNull()).isTrue();
    assertThat(api.get("/api/v1/jobs/nope/history").status()).isEqualTo(404);
  }

  @Test
  void aFailedAndRetriedJobHasAnAttemptForEachRunWithItsError() {
    byte[] encrypted;
    try {
      encrypted =
          Files.readAllBytes(Corpus.pdfSamples().resolve("libreoffice-writer-password.pdf"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JsonNode job = uploadAndWait("locked.pdf", encrypted);
    String id = job.path("job_id").asText();
    assertThat(job.path("status").asText()).isEqualTo("failed");
    assertThat(api.post("/api/v1/jobs/" + id + "/retry", Map.of()).status()).isEqualTo(202);
    api.awaitFinished(id, Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/api/v1/jobs/" + id + "/history").body().path("attempts").size() == 2);
    JsonNode h = api.get("/api/v1/jobs/" + id + "/history").body();
    for (JsonNode a : h.path("attempts")) {
      assertThat(a.path("outcome").asText()).isEqualTo("failed");
      assertThat(a.path("error_message").asText())
          .isEqualTo("PDF is encrypted; a password is required");
      assertThat(a.path("ended_at").asText()).isNotBlank();
    }
    assertThat(field(h.path("timeline"), "message")).contains("Queued again on request");
  }

  @Test
  void statisticsCountJobsPerMinuteOfTheLastHourAndGivePercentiles() {
    uploadAndWait("per-minute.txt", Documents.textBytes(62, 2));
    JsonNode s = api.get("/api/v1/jobs/statistics").body();
    JsonNode minutes = s.path("throughput").path("per_minute");
    assertThat(minutes.size()).isEqualTo(60);
    long completed = 0;
    for (JsonNode m : minutes) {
      completed += m.path("completed").asLong();
      assertThat(Instant.parse(m.path("minute").asText()).getEpochSecond() % 60).isZero();
    }
    assertThat(completed).isGreaterThanOrEqualTo(1);
    Instant last = Instant.parse(minutes.get(59).path("minute").asText());
    assertThat(last).isAfter(Instant.now().minusSeconds(120));
    JsonNode times = s.path("processing_times").path("completed");
    for (String p : List.of("p50_seconds", "p90_seconds", "p95_seconds", "p99_seconds")) {
      assertThat(times.path(p).isNumber()).as(p).isTrue();
    }
    assertThat(times.path("p50_seconds").asDouble())
        .isLessThanOrEqualTo(times.path("p99_seconds").asDouble());
  }

  @Test
  void aBatchsFilesAreListedInOrderWithTheirNames() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("batch"));
    for (String n : List.of("b.txt", "a.txt", "c.txt")) {
      Files.write(dir.resolve(n), Documents.textBytes(n.charAt(0), 2));
    }
    JsonNode batch =
        api.post("/api/v1/documents/ingest-directory", Map.of("directory_path", dir.toString()))
            .body();
    String id = batch.path("job_id").asText();
    JsonNode page = api.get("/api/v1/jobs?parent_job_id=" + id + "&limit=2").body();
    assertThat(page.path("total").asInt()).isEqualTo(3);
    assertThat(field(page.path("jobs"), "filename")).containsExactly("a.txt", "b.txt");
    assertThat(field(page.path("jobs"), "parent_job_id")).containsOnly(id);
    JsonNode rest = api.get("/api/v1/jobs?parent_job_id=" + id + "&limit=2&offset=2").body();
    assertThat(field(rest.path("jobs"), "filename")).containsExactly("c.txt");
    assertThat(api.get("/api/v1/jobs?parent_job_id=" + id + "&status=failed").status())
        .isEqualTo(400);
    JsonNode parent = api.get("/api/v1/jobs/" + id).body();
    assertThat(parent.path("filename").asText()).isEqualTo(dir.toString());
    api.awaitFinished(id, Duration.ofMinutes(2));
  }

  @Test
  void documentsAreFoundByAnyPartOfTheirNameIgnoringCaseAndWildcards() {
    uploadAndWait("Quarterly_Report-2026.txt", Documents.textBytes(63, 2));
    uploadAndWait("quarterlyXreport.txt", Documents.textBytes(64, 2));
    JsonNode found = api.get("/api/v1/documents?name=QUARTERLY_report").body();
    assertThat(field(found.path("documents"), "filename"))
        .containsExactly("Quarterly_Report-2026.txt");
    assertThat(found.path("total").asInt()).isEqualTo(1);
    assertThat(api.get("/api/v1/documents?name=%25").body().path("total").asInt()).isZero();
    assertThat(api.get("/api/v1/documents?name=report").body().path("total").asInt()).isEqualTo(2);
    JsonNode jobs = api.get("/api/v1/jobs?limit=100").body();
    assertThat(field(jobs.path("jobs"), "filename")).contains("quarterlyXreport.txt");
  }
}
