package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.hostile.HostileCorpus;
import dev.intake.hostile.HostileFile;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.ProcessTreeMemory;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault isolation, acceptance 1 and 2: the whole hostile corpus ({@link HostileCorpus}, generated
 * here) and a few normal documents uploaded to a real {@code intake serve} under {@code -Xmx1g}
 * with two workers and OCR on (checked working wherever Tesseract is installed, and under CI), once
 * with {@code INTAKE_OCR=auto} and once with {@code always}, which renders and reads every PDF page
 * (the huge content stream and the page-tree loop included). Every hostile job ends, failed with a
 * message a person can read that names the problem, or (where the file is only big) completed
 * within the chunk limit; the process never dies; {@code /health}, asked every second, never goes
 * more than 10 s without answering; the resident memory of the server and its parser children stays
 * within the heap plus the parser heaps plus 1 GB; and afterwards every worker ingests a normal
 * document within 60 s.
 */
class HostileCorpusEndToEndTest {
  static final int WORKERS = 2;
  static final int PARSER_HEAP_MB = 256;
  static final int PARSE_TIMEOUT_SECONDS = 15;
  static final int PARSER_START_ALLOWANCE_SECONDS = 120;
  static final int MAX_CHUNKS = 2_000;

  /** Below the CI scan's pages, so that it fails within minutes rather than an hour. */
  static final int OCR_MAX_PAGES = 10;

  static final int SERVER_HEAP_MB = 1024; // IntakeProcess runs every server with -Xmx1g
  static final long RSS_BOUND_MB = SERVER_HEAP_MB + (long) WORKERS * PARSER_HEAP_MB + 1024;
  static final Duration HEALTH_GAP_BOUND = Duration.ofSeconds(10);
  static final Duration AFTERWARDS_BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Map<String, String> env(int port, String ocrMode) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATA_DIR", dir.resolve("data").toString());
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_MAX_WORKERS", Integer.toString(WORKERS));
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("INTAKE_PARSER_HEAP_MB", Integer.toString(PARSER_HEAP_MB));
    env.put("INTAKE_PARSE_TIMEOUT", Integer.toString(PARSE_TIMEOUT_SECONDS));
    env.put("INTAKE_MAX_CHUNKS", Integer.toString(MAX_CHUNKS));
    env.put("INTAKE_OCR", ocrMode);
    env.put("INTAKE_OCR_MAX_PAGES", Integer.toString(OCR_MAX_PAGES));
    env.put("INTAKE_OCR_PAGE_TIMEOUT", Integer.toString(PARSE_TIMEOUT_SECONDS));
    return env;
  }

  @ParameterizedTest(name = "INTAKE_OCR={0}")
  @ValueSource(strings = {"auto", "always"})
  void everyHostileFileEndsReadablyWhileTheServerStaysUpAndEveryWorkerCarriesOn(String ocrMode)
      throws Exception {
    List<HostileFile> corpus =
        HostileCorpus.write(Files.createDirectories(dir.resolve("corpus")), HostileCorpus.Scale.CI);
    int port = IntakeProcess.freePort();
    ApiClient api = new ApiClient(port);
    Path work = Files.createDirectories(dir.resolve("work"));
    try (IntakeProcess server =
        IntakeProcess.start(
            "serve",
            env(port, ocrMode),
            dir.resolve("server.log"),
            work,
            List.of("-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log")))) {
      server.awaitHealthy(api, Duration.ofSeconds(90));
      if (TesseractGate.installed() || "true".equalsIgnoreCase(System.getenv("CI"))) {
        // The corpus runs with OCR switched on, and working: its images get to Tesseract.
        await()
            .atMost(Duration.ofSeconds(PARSER_START_ALLOWANCE_SECONDS))
            .untilAsserted(
                () ->
                    assertThat(api.get("/api/v1/health").body().at("/services/ocr/status").asText())
                        .isEqualTo("ok"));
      }
      try (HealthMonitor health = new HealthMonitor(port);
          ProcessTreeMemory memory = new ProcessTreeMemory(server.pid())) {
        Map<HostileFile, String> hostileJobs = new LinkedHashMap<>();
        for (HostileFile f : corpus) {
          hostileJobs.put(f, upload(api, f.name(), Files.readAllBytes(f.file())));
        }
        List<String> normalJobs = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
          normalJobs.add(upload(api, "normal-" + i + ".txt", Documents.textBytes(100 + i, 20)));
        }

        List<String> problems = new ArrayList<>();
        Duration limit =
            Duration.ofSeconds(
                (PARSE_TIMEOUT_SECONDS + (long) PARSER_START_ALLOWANCE_SECONDS) * corpus.size());
        for (Map.Entry<HostileFile, String> e : hostileJobs.entrySet()) {
          JsonNode job = finished(api, server, health, e.getValue(), limit);
          String problem = e.getKey().problemWith(job, MAX_CHUNKS);
          if (problem == null) {
            problem = overran(job);
          }
          Duration ran = ran(job);
          System.out.printf(
              "%-18s %-9s %5s s  %s%n",
              e.getKey().name(),
              job.path("status").asText(),
              ran == null ? "?" : ran.toMillis() / 1000.0,
              job.path("status").asText().equals("failed")
                  ? job.path("error_message").asText()
                  : job.path("result").path("chunk_count") + " chunks");
          if (problem != null) {
            problems.add(e.getKey() + ": " + problem);
          }
        }
        for (String id : normalJobs) {
          assertCompletedExactly(api, finished(api, server, health, id, limit));
        }
        assertThat(server.isAlive()).as("server alive after the corpus").isTrue();
        Set<String> served = afterwardsEveryWorkerServesANormalUpload(api);

        System.out.printf(
            "longest /health gap %d ms (%d answers, %d unanswered); peak RSS %d MB (bound %d)%n",
            health.longestGap().toMillis(),
            health.answers(),
            health.unanswered(),
            memory.peakMb(),
            RSS_BOUND_MB);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(problems).as("hostile files that did not end as they should").isEmpty();
        soft.assertThat(served).as("workers that served a normal upload").hasSize(WORKERS);
        soft.assertThat(health.longestGap()).as("longest /health gap").isLessThan(HEALTH_GAP_BOUND);
        if (ProcessTreeMemory.supported()) {
          soft.assertThat(memory.peakMb())
              .as("peak RSS of the process tree, MB")
              .isPositive()
              .isLessThanOrEqualTo(RSS_BOUND_MB);
        }
        soft.assertAll();
      }
      assertThat(server.isAlive()).as("server alive; log:%n%s", server.logText()).isTrue();
      assertThat(crashLogs(work)).as("JVM crash logs").isEmpty();
    }
  }

  /**
   * Uploads twice as many normal documents as there are workers at once; each must complete within
   * 60 s of its upload. Returns the workers that ran them: with every worker idle and healthy each
   * takes some, so a worker that no longer claims or runs jobs is missing.
   */
  private Set<String> afterwardsEveryWorkerServesANormalUpload(ApiClient api) {
    Map<String, Long> uploaded = new LinkedHashMap<>();
    for (int i = 0; i < 2 * WORKERS; i++) {
      uploaded.put(
          upload(api, "after-" + i + ".txt", Documents.textBytes(200 + i, 30)), System.nanoTime());
    }
    Set<String> workers = new TreeSet<>();
    for (Map.Entry<String, Long> e : uploaded.entrySet()) {
      Duration left = AFTERWARDS_BOUND.minusNanos(System.nanoTime() - e.getValue());
      JsonNode job = api.awaitFinished(e.getKey(), left.isNegative() ? Duration.ZERO : left);
      assertCompletedExactly(api, job);
      workers.add(job.path("worker_id").asText());
    }
    JsonNode listed = api.get("/api/v1/workers").body().path("workers");
    assertThat(listed.size()).as("live workers listed").isEqualTo(WORKERS);
    return workers;
  }

  /**
   * A failed job that ran longer than the parse time limit allows, or null. Beyond the limit itself
   * a job may wait for a parser child to start after the one before it was replaced: a JVM, which
   * took up to a minute on a loaded 2-core host. Time limits that were not enforced show anyway:
   * the huge PDF alone would take hours to parse.
   */
  private static String overran(JsonNode job) {
    Duration ran = ran(job);
    Duration bound = Duration.ofSeconds(PARSE_TIMEOUT_SECONDS + PARSER_START_ALLOWANCE_SECONDS);
    return !job.path("status").asText().equals("failed") || ran == null || ran.compareTo(bound) <= 0
        ? null
        : "failed after " + ran.toSeconds() + " s, beyond " + bound.toSeconds() + " s";
  }

  /** From the job's start to its end, or null if it has not both. */
  private static Duration ran(JsonNode job) {
    if (job.path("started_at").isNull() || job.path("completed_at").isNull()) {
      return null;
    }
    return Duration.between(
        Instant.parse(job.path("started_at").asText()),
        Instant.parse(job.path("completed_at").asText()));
  }

  /**
   * The finished job; if the server died or stopped answering meanwhile, a failure that says so,
   * with the longest /health gap so far and the end of the server's log.
   */
  private static JsonNode finished(
      ApiClient api, IntakeProcess server, HealthMonitor health, String jobId, Duration limit) {
    try {
      return api.awaitFinished(jobId, limit);
    } catch (RuntimeException | AssertionError e) {
      String log = server.logText();
      throw new AssertionError(
          (server.isAlive()
                  ? "the server is alive"
                  : "the server died (exit " + server.awaitExit(Duration.ZERO).orElse(-1) + ")")
              + "; longest /health gap so far "
              + health.longestGap().toSeconds()
              + " s; job "
              + jobId
              + " did not finish: "
              + e.getMessage()
              + "\nend of the server's log:\n"
              + log.substring(Math.max(0, log.length() - 6000)),
          e);
    }
  }

  private static String upload(ApiClient api, String name, byte[] content) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private static void assertCompletedExactly(ApiClient api, JsonNode job) {
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("completed");
    int count = job.path("result").path("chunk_count").asInt();
    JsonNode chunks =
        api.get("/api/v1/documents/" + job.path("document_id").asText() + "/chunks?limit=1").body();
    assertThat(chunks.path("total").asInt()).as(job.toString()).isEqualTo(count).isPositive();
  }

  private static List<Path> crashLogs(Path workDir) throws IOException {
    try (Stream<Path> files = Files.list(workDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
    }
  }
}
