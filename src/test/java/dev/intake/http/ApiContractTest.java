package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.RawHttp;
import dev.intake.testing.SseReader;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of API.md through real HTTP on a server with an API key: status codes, field names
 * and the error shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {
  static final String KEY = "test-key";
  static final AtomicInteger SEED = new AtomicInteger(500);

  @TempDir static Path tmp;
  IntakeNode node;
  ApiClient api;
  ApiClient anonymous;
  Path allowed;
  Path outside;

  @BeforeAll
  void start() throws Exception {
    allowed = Files.createDirectories(tmp.resolve("allowed"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_API_KEY", KEY);
    vars.put("INTAKE_MAX_UPLOAD_MB", "1");
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    // The contract does not depend on Tesseract being installed, nor does /health here.
    vars.put("INTAKE_OCR", "off");
    node = TestNode.serve(vars);
    api = new ApiClient("http://127.0.0.1:" + node.port(), KEY);
    anonymous = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private JsonNode uploadAndWait(String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    return api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
  }

  private JsonNode completedText() {
    JsonNode job = uploadAndWait("doc.txt", Documents.textBytes(SEED.incrementAndGet(), 4));
    assertThat(job.path("status").asText()).isEqualTo("completed");
    return job;
  }

  private static void assertError(ApiClient.Response r, int status, String code) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo(code);
    assertThat(r.body().path("error").path("message").asText()).isNotBlank();
  }

  private static void assertFields(JsonNode node, String... fields) {
    for (String f : fields) {
      assertThat(node.has(f)).as("field " + f + " in " + node).isTrue();
    }
  }

  // ---- auth

  @Test
  void healthNeedsNoKeyButEverythingElseDoes() {
    JsonNode health = anonymous.get("/api/v1/health").body();
    assertFields(health, "status", "database", "index", "workers", "queue_stats");
    assertError(anonymous.get("/api/v1/jobs"), 401, "unauthorized");
    assertError(new ApiClient(api.base(), "wrong").get("/api/v1/documents"), 401, "unauthorized");
    assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
    assertError(anonymous.post("/api/v1/search", Map.of("query", "x")), 401, "unauthorized");
  }

  @Test
  void unknownRoutesAnswerWithTheErrorShape() {
    assertError(api.get("/api/v1/nothing-here"), 404, "not_found");
  }

  // ---- documents

  @Test
  void uploadAnswersAtOnceWithTheJob() {
    ApiClient.Response r =
        api.upload(
            "a.txt", Documents.textBytes(SEED.incrementAndGet(), 2), Map.of("priority", "medium"));
    assertThat(r.status()).isEqualTo(202);
    assertFields(r.body(), "job_id", "document_id", "file_path", "status", "message");
    assertThat(r.body().path("status").asText()).isEqualTo("pending");
    assertThat(r.body().path("file_path").asText())
        .doesNotContain(tmp.toString())
        .doesNotContain("a.txt");
    assertThat(
            api.get("/api/v1/jobs/" + r.body().path("job_id").asText())
                .body()
                .path("priority")
                .asText())
        .isEqualTo("medium");
    assertError(api.upload("big.bin", new byte[1024 * 1024 + 10], Map.of()), 413, "file_too_large");
  }

  @Test
  void uploadWithoutAFileIsABadRequest() {
    assertError(api.post("/api/v1/documents/upload", Map.of()), 415, "unsupported_media_type");
    String b = "no-file";
    RawHttp.Response noFile =
        new RawHttp(node.port())
            .send(
                "POST",
                "/api/v1/documents/upload",
                List.of(
                    "Authorization: Bearer " + KEY,
                    "Content-Type: multipart/form-data; boundary=" + b),
                concat(
                    RawHttp.part(b, "priority", null, "high".getBytes(StandardCharsets.UTF_8)),
                    RawHttp.closing(b)));
    assertThat(noFile.status()).as(noFile.body()).isEqualTo(400);
    assertThat(noFile.errorCode()).isEqualTo("bad_request");
    assertThat(noFile.errorMessage()).contains("'file'");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void documentsCanBeListedReadAndPaged() {
    JsonNode job = completedText();
    String doc = job.path("document_id").asText();
    JsonNode d = api.get("/api/v1/documents/" + doc).body();
    assertFields(
        d,
        "document_id",
        "filename",
        "content_type",
        "size_bytes",
        "sha256",
        "status",
        "pages",
        "chunk_count",
        "created_at",
        "updated_at",
        "job_id");
    assertThat(d.path("status").asText()).isEqualTo("completed");
    assertThat(d.path("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    JsonNode list = api.get("/api/v1/documents?limit=1&offset=0").body();
    assertThat(list.path("documents").size()).isEqualTo(1);
    assertThat(list.path("total").asInt()).isGreaterThanOrEqualTo(1);
    JsonNode chunks = api.get("/api/v1/documents/" + doc + "/chunks?limit=1&offset=0").body();
    assertFields(chunks.path("chunks").get(0), "chunk_index", "text", "page_start", "page_end");
    assertThat(chunks.path("total").asInt()).isEqualTo(d.path("chunk_count").asInt());
    assertError(api.get("/api/v1/documents/nope"), 404, "document_not_found");
    assertError(api.get("/api/v1/documents/nope/chunks"), 404, "document_not_found");
    assertError(api.get("/api/v1/documents?limit=0"), 400, "bad_request");
  }

  @Test
  void deletingADocumentRemovesItsFileChunksAndSearchHits() throws Exception {
    String marker = "zanzibar" + SEED.incrementAndGet();
    JsonNode job =
        uploadAndWait(
            "gone.txt",
            ("The " + marker + " lighthouse keeps its lamp lit all winter.\n")
                .getBytes(StandardCharsets.UTF_8));
    String doc = job.path("document_id").asText();
    assertThat(hits(marker)).as("searchable as soon as the job completed").contains(doc);
    long blobsBefore = countFiles(tmp.resolve("data/blobs"));
    ApiClient.Response r = api.delete("/api/v1/documents/" + doc);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("deleted").asBoolean()).isTrue();
    assertError(api.get("/api/v1/documents/" + doc), 404, "document_not_found");
    assertThat(countFiles(tmp.resolve("data/blobs"))).isEqualTo(blobsBefore - 1);
    assertThat(hits(marker)).as("gone from search as soon as it was deleted").doesNotContain(doc);
    assertError(api.delete("/api/v1/documents/" + doc), 404, "document_not_found");
  }

  @Test
  void reprocessRechunksAsALowPriorityJob() {
    JsonNode job = uploadAndWait("re.txt", Documents.textBytes(SEED.incrementAndGet(), 8));
    String doc = job.path("document_id").asText();
    int before = job.path("result").path("chunk_count").asInt();
    ApiClient.Response r =
        api.post(
            "/api/v1/documents/" + doc + "/reprocess",
            Map.of("chunk_size", 64, "chunk_overlap", 8));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().path("task_type").asText()).isEqualTo("document_reprocess");
    assertThat(r.body().path("priority").asText()).isEqualTo("low");
    JsonNode done = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
    assertThat(done.path("status").asText()).isEqualTo("completed");
    int after = done.path("result").path("chunk_count").asInt();
    assertThat(after).isGreaterThan(before);
    JsonNode d = api.get("/api/v1/documents/" + doc).body();
    assertThat(d.path("chunk_count").asInt()).isEqualTo(after);
    assertThat(d.path("job_id").asText()).isEqualTo(done.path("job_id").asText());
    assertThat(
            api.get("/api/v1/documents/" + doc + "/chunks?limit=1000").body().path("total").asInt())
        .isEqualTo(after);
    assertError(api.post("/api/v1/documents/nope/reprocess", Map.of()), 404, "document_not_found");
  }

  @Test
  void reprocessOfADocumentWithAJobInFlightIsAConflict() {
    stopWorkers();
    try {
      ApiClient.Response up =
          api.upload("busy.txt", Documents.textBytes(SEED.incrementAndGet(), 2), Map.of());
      assertError(
          api.post(
              "/api/v1/documents/" + up.body().path("document_id").asText() + "/reprocess",
              Map.of()),
          409,
          "document_busy");
    } finally {
      startWorkers();
    }
  }

  @Test
  void directoryBatchIngestsEveryFileAndCountsTheOutcomes() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("batch-" + SEED.incrementAndGet()));
    Files.write(dir.resolve("one.txt"), Documents.textBytes(SEED.incrementAndGet(), 2));
    Files.write(dir.resolve("two.md"), Documents.textBytes(SEED.incrementAndGet(), 2));
    Files.write(dir.resolve("copy-of-two.md"), Files.readAllBytes(dir.resolve("two.md")));
    Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.7 not really");
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/three.txt"), Documents.textBytes(SEED.incrementAndGet(), 2));
    Files.writeString(dir.resolve("ignored.bin"), "binary");
    ApiClient.Response r =
        api.post(
            "/api/v1/documents/ingest-directory",
            Map.of(
                "directory_path",
                dir.toString(),
                "file_patterns",
                List.of("*.txt", "*.md", "*.pdf"),
                "recursive",
                true));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    assertFields(r.body(), "job_id", "directory_path", "total_files_found", "status", "message");
    assertThat(r.body().path("total_files_found").asInt()).isEqualTo(5);
    String batch = r.body().path("job_id").asText();
    JsonNode job = api.awaitFinished(batch, Duration.ofMinutes(3));
    assertThat(job.path("status").asText()).isEqualTo("completed");
    assertThat(job.path("task_type").asText()).isEqualTo("directory_batch");
    assertThat(job.path("priority").asText()).isEqualTo("medium");
    JsonNode children = job.path("children");
    assertFields(children, "total", "pending", "processing", "completed", "failed", "cancelled");
    assertThat(children.path("total").asInt()).isEqualTo(5);
    assertThat(children.path("failed").asInt()).isEqualTo(1);
    JsonNode result = api.get("/api/v1/jobs/" + batch + "/result").body().path("result");
    assertThat(result.path("total_files").asInt()).isEqualTo(5);
    assertThat(result.path("successful").asInt()).isEqualTo(3);
    assertThat(result.path("failed").asInt()).isEqualTo(1);
    assertThat(result.path("skipped").asInt()).isEqualTo(1);
    assertThat(result.path("documents").size()).isEqualTo(5);
    assertThat(job.path("progress").asDouble()).isEqualTo(100.0);
    JsonNode kids = api.get("/api/v1/jobs?task_type=single_document&limit=100").body().path("jobs");
    List<String> parents = new ArrayList<>();
    kids.forEach(k -> parents.add(k.path("parent_job_id").asText()));
    assertThat(parents.stream().filter(batch::equals).count()).isEqualTo(5);
  }

  @Test
  void namesOfFilesInADirectoryAreCleanedLikeUploadedNames() throws Exception {
    Path dir = Files.createDirectories(allowed.resolve("names-" + SEED.incrementAndGet()));
    Files.write(
        dir.resolve("report\u202Etxt.exe\u0007\nend.txt"),
        Documents.textBytes(SEED.incrementAndGet(), 1));
    ApiClient.Response r = ingestDir(dir.toString());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    String batch = r.body().path("job_id").asText();
    assertThat(api.awaitFinished(batch, Duration.ofMinutes(2)).path("status").asText())
        .isEqualTo("completed");
    JsonNode documents =
        api.get("/api/v1/jobs/" + batch + "/result").body().path("result").path("documents");
    assertThat(documents.size()).isEqualTo(1);
    assertThat(documents.get(0).path("filename").asText()).isEqualTo("reporttxt.exeend.txt");
    String id = documents.get(0).path("document_id").asText();
    assertThat(api.get("/api/v1/documents/" + id).body().path("filename").asText())
        .isEqualTo("reporttxt.exeend.txt");
  }

  @Test
  void directoriesOutsideTheAllowedRootsAreForbidden() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "secret");
    assertError(ingestDir(outside.toString()), 403, "forbidden");
    assertError(ingestDir(allowed + "/../outside"), 403, "forbidden");
    Path link = allowed.resolve("escape-" + SEED.incrementAndGet());
    Files.createSymbolicLink(link, outside);
    assertError(ingestDir(link.toString()), 403, "forbidden");
    assertError(
        api.post("/api/v1/documents/ingest-directory", Map.of("recursive", true)),
        400,
        "bad_request");
  }

  private ApiClient.Response ingestDir(String path) {
    return api.post("/api/v1/documents/ingest-directory", Map.of("directory_path", path));
  }

  // ---- jobs

  @Test
  void jobDetailProgressAndResultCarryTheContractFields() {
    JsonNode job = completedText();
    String id = job.path("job_id").asText();
    assertFields(
        job,
        "job_id",
        "task_type",
        "priority",
        "status",
        "stage",
        "progress",
        "message",
        "created_at",
        "started_at",
        "completed_at",
        "retry_count",
        "max_retries",
        "error_message",
        "worker_id",
        "document_id",
        "parent_job_id",
        "result");
    assertThat(job.path("max_retries").asInt()).isEqualTo(3);
    JsonNode progress = api.get("/api/v1/jobs/" + id + "/progress").body();
    assertFields(progress, "job_id", "status", "stage", "progress", "message", "updated_at");
    assertThat(progress.path("progress").asDouble()).isEqualTo(100.0);
    JsonNode result = api.get("/api/v1/jobs/" + id + "/result").body();
    assertFields(result, "job_id", "status", "result");
    assertFields(
        result.path("result"),
        "document_id",
        "chunk_count",
        "pages",
        "characters",
        "duration_seconds");
    for (String path : List.of("", "/progress", "/result")) {
      assertError(api.get("/api/v1/jobs/nope" + path), 404, "job_not_found");
    }
  }

  @Test
  void jobListFiltersAndPagesNewestFirst() {
    completedText();
    JsonNode newest = completedText();
    JsonNode list =
        api.get("/api/v1/jobs?status=completed&task_type=single_document&limit=1&offset=0").body();
    assertThat(list.path("jobs").size()).isEqualTo(1);
    assertThat(list.path("total").asInt()).isGreaterThanOrEqualTo(2);
    JsonNode first = list.path("jobs").get(0);
    assertThat(first.path("status").asText()).isEqualTo("completed");
    assertThat(first.path("job_id").asText()).isEqualTo(newest.path("job_id").asText());
    assertError(api.get("/api/v1/jobs?status=bogus"), 400, "bad_request");
    assertError(api.get("/api/v1/jobs?task_type=bogus"), 400, "bad_request");
  }

  @Test
  void cancelActsOnQueuedJobsAndRefusesFinishedOnes() {
    stopWorkers();
    String id;
    try {
      id =
          api.upload("c.txt", Documents.textBytes(SEED.incrementAndGet(), 2), Map.of())
              .body()
              .path("job_id")
              .asText();
      ApiClient.Response r = api.post("/api/v1/jobs/" + id + "/cancel", Map.of());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().path("status").asText()).isEqualTo("cancelled");
    } finally {
      startWorkers();
    }
    assertError(api.post("/api/v1/jobs/" + id + "/cancel", Map.of()), 409, "job_finished");
    assertError(api.post("/api/v1/jobs/nope/cancel", Map.of()), 404, "job_not_found");
    ApiClient.Response retried = api.post("/api/v1/jobs/" + id + "/retry", Map.of());
    assertThat(retried.status()).isEqualTo(202);
    assertThat(api.awaitFinished(id, Duration.ofMinutes(1)).path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void retryRequeuesFailedJobsOnly() {
    JsonNode failed = uploadAndWait("bad.pdf", "%PDF-1.4 broken".getBytes(StandardCharsets.UTF_8));
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    String id = failed.path("job_id").asText();
    ApiClient.Response r = api.post("/api/v1/jobs/" + id + "/retry", Map.of());
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body().path("status").asText()).isEqualTo("pending");
    assertThat(api.awaitFinished(id, Duration.ofMinutes(1)).path("status").asText())
        .isEqualTo("failed");
    JsonNode dead = api.get("/api/v1/jobs?status=failed&limit=100").body();
    assertThat(dead.findValuesAsText("job_id")).contains(id);
    assertError(
        api.post("/api/v1/jobs/" + completedText().path("job_id").asText() + "/retry", Map.of()),
        409,
        "job_not_retryable");
    assertError(api.post("/api/v1/jobs/nope/retry", Map.of()), 404, "job_not_found");
  }

  @Test
  void cleanupDeletesFinishedJobsOlderThanTheCutoff() {
    completedText();
    assertThat(api.delete("/api/v1/jobs/cleanup?days_old=7").body().path("deleted").asInt())
        .isZero();
    ApiClient.Response r = api.delete("/api/v1/jobs/cleanup?days_old=0");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("deleted").asInt()).isPositive();
    assertError(api.delete("/api/v1/jobs/cleanup?days_old=-1"), 400, "bad_request");
  }

  @Test
  void documentsOutliveTheCleanupOfTheirJobsAndIdenticalContentIsStillADuplicate() {
    byte[] content = Documents.textBytes(SEED.incrementAndGet(), 3);
    JsonNode job = uploadAndWait("kept.txt", content);
    String doc = job.path("document_id").asText();
    assertThat(api.delete("/api/v1/jobs/cleanup?days_old=0").body().path("deleted").asInt())
        .isPositive();
    assertError(api.get("/api/v1/jobs/" + job.path("job_id").asText()), 404, "job_not_found");

    JsonNode kept = api.get("/api/v1/documents/" + doc).body();
    assertThat(kept.has("job_id")).isTrue();
    assertThat(kept.path("job_id").isNull()).as(kept.toString()).isTrue();
    assertThat(kept.path("status").asText()).isEqualTo("completed");
    assertThat(api.get("/api/v1/documents/" + doc + "/chunks").body().path("total").asInt())
        .isEqualTo(job.path("result").path("chunk_count").asInt());

    ApiClient.Response again = api.upload("again.txt", content, Map.of());
    assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
    assertThat(again.body().path("duplicate").asBoolean()).isTrue();
    assertThat(again.body().path("document_id").asText()).isEqualTo(doc);
    assertThat(again.body().path("job_id").isNull()).isTrue();
    assertThat(again.body().path("status").asText()).isEqualTo("completed");
  }

  @Test
  void statisticsCountTheLastDay() {
    completedText();
    JsonNode s = api.get("/api/v1/jobs/statistics").body();
    assertFields(s, "total_24h", "status_counts", "processing_times", "queue_stats");
    assertThat(s.path("total_24h").asInt()).isPositive();
    assertThat(s.path("status_counts").path("completed").asInt()).isPositive();
    JsonNode completed = s.path("processing_times").path("completed");
    assertFields(completed, "avg_seconds", "max_seconds", "min_seconds", "p95_seconds");
    assertThat(completed.path("max_seconds").asDouble())
        .isGreaterThanOrEqualTo(completed.path("min_seconds").asDouble());
    assertFields(s.path("queue_stats").path("queue_lengths"), "high", "medium", "low");
    assertFields(s.path("queue_stats"), "total_pending");
  }

  // ---- events

  @Test
  void jobEventsFollowAJobToItsEnd() {
    stopWorkers();
    String id;
    SseReader all = new SseReader(api.base() + "/api/v1/events", KEY);
    SseReader one;
    try {
      id =
          api.upload("ev.txt", Documents.textBytes(SEED.incrementAndGet(), 30), Map.of())
              .body()
              .path("job_id")
              .asText();
      one = new SseReader(api.base() + "/api/v1/jobs/" + id + "/events", KEY);
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.contentType()).startsWith("text/event-stream");
      one.await(e -> e.path("status").asText().equals("pending"), Duration.ofSeconds(10));
    } finally {
      startWorkers();
    }
    try (one;
        all) {
      JsonNode done =
          one.await(e -> e.path("status").asText().equals("completed"), Duration.ofMinutes(1));
      assertFields(done, "job_id", "status", "stage", "progress", "message", "updated_at");
      assertThat(one.events()).anyMatch(e -> e.path("stage").asText().equals("embedding"));
      assertThat(one.events()).allMatch(e -> e.path("job_id").asText().equals(id));
      all.await(
          e ->
              e.path("job_id").asText().equals(id) && e.path("status").asText().equals("completed"),
          Duration.ofSeconds(10));
    }
    assertThat(new SseReader(api.base() + "/api/v1/jobs/nope/events", KEY).status()).isEqualTo(404);
  }

  @Test
  void eventsStreamEvenWithoutAnAcceptHeader() {
    String id = completedText().path("job_id").asText();
    try (SseReader plain =
        new SseReader(api.base() + "/api/v1/jobs/" + id + "/events", KEY, null)) {
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.contentType()).startsWith("text/event-stream");
      plain.await(e -> e.path("status").asText().equals("completed"), Duration.ofSeconds(10));
    }
  }

  // ---- workers, health, search, metrics

  @Test
  void workersCanBeListedStoppedAndStarted() {
    JsonNode workers = api.get("/api/v1/workers").body().path("workers");
    assertThat(workers.size()).isEqualTo(2);
    assertFields(
        workers.get(0),
        "worker_id",
        "name",
        "priority",
        "status",
        "host",
        "pid",
        "processed",
        "failed",
        "current_job",
        "started_at",
        "last_heartbeat");
    JsonNode health = api.get("/api/v1/health/workers").body();
    assertFields(
        health,
        "status",
        "worker_count",
        "running_workers",
        "total_processed",
        "total_failed",
        "queue_stats");
    ApiClient.Response stop = api.post("/api/v1/workers/stop", Map.of());
    assertThat(stop.status()).as(stop.body().toString()).isEqualTo(202);
    assertThat(stop.body().path("status").asText()).isEqualTo("stopping");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> api.get("/api/v1/health/workers").body().path("pool").asText().equals("stopped"));
    assertThat(api.get("/api/v1/workers").body().path("workers").size()).isZero();
    assertThat(api.post("/api/v1/workers/stop", Map.of()).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/workers/start", Map.of()).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> api.get("/api/v1/workers").body().path("workers").size() == 2);
  }

  @Test
  void startingWhileAStopStillFinishesIsAConflictAndNoAttemptIsSpent() {
    ApiClient.Response up =
        api.upload("long.txt", Documents.textBytes(SEED.incrementAndGet(), 600), Map.of());
    String id = up.body().path("job_id").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                api.get("/api/v1/jobs/" + id).body().path("status").asText().equals("processing"));
    ApiClient.Response stop = api.post("/api/v1/workers/stop", Map.of());
    assertThat(stop.status()).isEqualTo(202);
    try {
      // Answered at once although the job keeps running for up to the grace period.
      assertError(api.post("/api/v1/workers/start", Map.of()), 409, "workers_stopping");
      assertThat(api.get("/api/v1/health/workers").body().path("pool").asText())
          .isEqualTo("stopping");
    } finally {
      startWorkers();
    }
    JsonNode done = api.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("retry_count").asInt())
        .as("finished or handed back, never retried")
        .isZero();
  }

  @Test
  void healthIsDegradedWithTheReasonWhileAPartIsNot() {
    // The registry is what supervised services report to (SupervisorTest): here only the
    // endpoint's reading of it is under test.
    node.health().degraded("contract-test", "broken on purpose");
    try {
      JsonNode health = anonymous.get("/api/v1/health").body();
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(health.at("/services/contract-test/status").asText()).isEqualTo("degraded");
      assertThat(health.at("/services/contract-test/reason").asText())
          .isEqualTo("broken on purpose");
      assertThat(health.at("/services/reaper/status").asText()).isEqualTo("ok");
      assertThat(health.at("/services/index-feeder/status").asText()).isEqualTo("ok");
      assertThat(health.at("/services/sse-poller/status").asText()).isEqualTo("ok");
    } finally {
      node.health().remove("contract-test");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> anonymous.get("/api/v1/health").body().path("status").asText().equals("healthy"));
  }

  /** Stops the in-process workers: answered at once, finished in the background. */
  private void stopWorkers() {
    ApiClient.Response r = api.post("/api/v1/workers/stop", Map.of());
    assertThat(r.status()).as(String.valueOf(r.body())).isIn(200, 202);
  }

  /** Starts them again once the last stop has finished (409 until then). */
  private void startWorkers() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.post("/api/v1/workers/start", Map.of()).status() == 200);
  }

  @Test
  void searchReturnsRankedChunksWithTheirSource() {
    String marker = "quixotic" + SEED.incrementAndGet();
    JsonNode job =
        uploadAndWait(
            "s.txt",
            ("A " + marker + " heron fishes in the harbour at dawn.\n")
                .getBytes(StandardCharsets.UTF_8));
    String doc = job.path("document_id").asText();
    assertThat(hits(marker)).as("searchable as soon as the job completed").contains(doc);
    JsonNode result =
        api.post("/api/v1/search", Map.of("query", marker + " heron", "top_k", 3))
            .body()
            .path("results")
            .get(0);
    assertFields(
        result,
        "document_id",
        "filename",
        "chunk_index",
        "text",
        "score",
        "page_start",
        "page_end");
    assertThat(result.path("document_id").asText()).isEqualTo(doc);
    assertError(api.post("/api/v1/search", Map.of("query", " ")), 400, "bad_request");
    assertError(api.post("/api/v1/search", Map.of("query", "x", "top_k", 0)), 400, "bad_request");
  }

  @Test
  void metricsAreExposedForPrometheus() {
    completedText();
    String text = api.getText("/metrics");
    assertThat(text)
        .contains("intake_queue_depth{")
        .contains("priority=\"high\"")
        .contains("intake_jobs_total{")
        .contains("outcome=\"completed\"")
        .contains("intake_stage_duration_seconds")
        .contains("intake_chunks_embedded_total");
  }

  private List<String> hits(String query) {
    List<String> ids = new ArrayList<>();
    api.post("/api/v1/search", Map.of("query", query, "top_k", 10))
        .body()
        .path("results")
        .forEach(r -> ids.add(r.path("document_id").asText()));
    return ids;
  }

  private static long countFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
