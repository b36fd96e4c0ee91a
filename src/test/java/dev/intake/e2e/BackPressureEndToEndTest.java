package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure through real HTTP: past {@code INTAKE_MAX_PENDING_JOBS} queued jobs, or below
 * {@code INTAKE_MIN_FREE_DISK_MB} of free disk, uploads and directory batches answer 503 with
 * {@code Retry-After}, and nothing is stored: no blob, no temporary file, no row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackPressureEndToEndTest {
  static final int MAX_PENDING = 5;

  @TempDir static Path tmp;
  IntakeNode bounded;
  IntakeNode diskFull;
  Path allowed;
  final AtomicInteger seed = new AtomicInteger(9000);

  @BeforeAll
  void start() throws Exception {
    allowed = Files.createDirectories(tmp.resolve("allowed"));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("bounded"));
    vars.put("TASK_WORKERS_AUTO_START", "false"); // nothing leaves the queue
    vars.put("INTAKE_MAX_PENDING_JOBS", String.valueOf(MAX_PENDING));
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    bounded = TestNode.serve(vars);
    Map<String, String> full = TestNode.defaults(tmp.resolve("disk-full"));
    // A floor above any disk's free space: every upload finds the disk "full".
    full.put("INTAKE_MIN_FREE_DISK_MB", String.valueOf(Integer.MAX_VALUE));
    full.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    full.put("INTAKE_MAX_DIRECTORY_FILES", "3");
    diskFull = TestNode.serve(full);
  }

  @AfterAll
  void stop() {
    bounded.close();
    diskFull.close();
  }

  @Test
  void aFullQueueRefusesUploadsAndBatchesUntilThereIsRoom() throws Exception {
    ApiClient api = new ApiClient(bounded.port());
    List<Integer> statuses = uploadConcurrently(24);
    long accepted = statuses.stream().filter(s -> s == 202).count();
    assertThat(statuses)
        .as("each upload is accepted or refused")
        .allMatch(s -> s == 202 || s == 503);
    assertThat(accepted)
        .as("concurrent uploads never overshoot the bound")
        .isLessThanOrEqualTo(MAX_PENDING);
    assertThat(pending(api)).isEqualTo(accepted);

    // Fill the queue to the bound, one at a time; the next one is refused.
    RawHttp raw = new RawHttp(bounded.port());
    RawHttp.Response r;
    while ((r = upload(raw)).status() == 202) {
      assertThat(pending(api)).isLessThanOrEqualTo(MAX_PENDING);
    }
    assertThat(pending(api)).isEqualTo(MAX_PENDING);
    assertOverloaded(r, "queue_full");
    assertThat(r.errorMessage()).contains("INTAKE_MAX_PENDING_JOBS");

    Path dir = Files.createDirectories(allowed.resolve("batch"));
    Files.write(dir.resolve("one.txt"), Documents.textBytes(seed.incrementAndGet(), 1));
    Files.write(dir.resolve("two.txt"), Documents.textBytes(seed.incrementAndGet(), 1));
    assertOverloaded(ingestDirectory(raw, dir), "queue_full");

    Path data = tmp.resolve("bounded");
    assertThat(api.get("/api/v1/jobs?limit=100").body().path("total").asLong())
        .as("rows: one job per accepted upload")
        .isEqualTo(MAX_PENDING);
    assertThat(files(data.resolve("blobs"))).as("blobs").hasSize(MAX_PENDING);
    assertThat(files(data.resolve("tmp"))).as("temporary files").isEmpty();

    // Room for two: the batch of two fits, a batch of more than the bound never does.
    String first =
        api.get("/api/v1/jobs?limit=100").body().path("jobs").get(0).path("job_id").asText();
    String second =
        api.get("/api/v1/jobs?limit=100").body().path("jobs").get(1).path("job_id").asText();
    assertThat(api.post("/api/v1/jobs/" + first + "/cancel", Map.of()).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/jobs/" + second + "/cancel", Map.of()).status()).isEqualTo(200);
    RawHttp.Response batch = ingestDirectory(raw, dir);
    assertThat(batch.status()).as(batch.body()).isEqualTo(202);
    assertThat(pending(api)).isEqualTo(MAX_PENDING);
    for (int i = 0; i <= MAX_PENDING; i++) {
      Files.write(
          dir.resolve("more-" + i + ".txt"), Documents.textBytes(seed.incrementAndGet(), 1));
    }
    RawHttp.Response tooBig = ingestDirectory(raw, dir);
    assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(400);
    assertThat(tooBig.errorMessage()).contains("INTAKE_MAX_PENDING_JOBS");
  }

  @Test
  void belowTheFreeDiskFloorNothingIsStored() throws Exception {
    RawHttp raw = new RawHttp(diskFull.port());
    RawHttp.Response r = upload(raw);
    assertOverloaded(r, "disk_full");
    assertThat(r.errorMessage()).contains("INTAKE_MIN_FREE_DISK_MB").doesNotContain(tmp.toString());
    Path dir = Files.createDirectories(allowed.resolve("floor"));
    for (int i = 0; i < 3; i++) {
      Files.write(dir.resolve(i + ".txt"), Documents.textBytes(seed.incrementAndGet(), 1));
    }
    assertOverloaded(ingestDirectory(raw, dir), "disk_full");
    Files.write(dir.resolve("3.txt"), Documents.textBytes(seed.incrementAndGet(), 1));
    RawHttp.Response tooMany = ingestDirectory(raw, dir);
    assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
    assertThat(tooMany.errorMessage()).contains("more than 3", "INTAKE_MAX_DIRECTORY_FILES");
    Path data = tmp.resolve("disk-full");
    ApiClient api = new ApiClient(diskFull.port());
    assertThat(api.get("/api/v1/jobs").body().path("total").asLong()).isZero();
    assertThat(files(data.resolve("blobs"))).isEmpty();
    assertThat(files(data.resolve("tmp"))).isEmpty();
  }

  private static void assertOverloaded(RawHttp.Response r, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
  }

  /**
   * Sends {@code n} uploads at once. Each is large enough (over 1 MB) that all of them are admitted
   * before the first one's job is written: the bound must count admitted uploads, not only rows.
   */
  private List<Integer> uploadConcurrently(int n) throws Exception {
    RawHttp raw = new RawHttp(bounded.port());
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> upload(raw).status()));
      }
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** An upload larger than the parser keeps in memory: parsing it would write a temporary file. */
  private RawHttp.Response upload(RawHttp raw) {
    int n = seed.incrementAndGet();
    String b = "----bp" + n;
    byte[] content = Documents.textBytes(n, 4000);
    assertThat(content.length).isGreaterThan(1024 * 1024);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(RawHttp.part(b, "file", "q.txt", content));
    body.writeBytes(RawHttp.closing(b));
    return raw.send(
        "POST",
        "/api/v1/documents/upload",
        List.of("Content-Type: multipart/form-data; boundary=" + b),
        body.toByteArray());
  }

  private static RawHttp.Response ingestDirectory(RawHttp raw, Path dir) {
    String json = "{\"directory_path\": \"" + dir.toString().replace("\\", "\\\\") + "\"}";
    return raw.send(
        "POST",
        "/api/v1/documents/ingest-directory",
        List.of("Content-Type: application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static long pending(ApiClient api) {
    return api.get("/api/v1/jobs/statistics")
        .body()
        .path("queue_stats")
        .path("total_pending")
        .asLong();
  }

  private static List<Path> files(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
