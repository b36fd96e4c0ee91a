package dev.intake.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.hostile.HostileCorpus;
import dev.intake.hostile.HostileFile;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hostile corpus at full scale ({@link HostileCorpus.Scale#FULL}) against one {@code intake
 * serve} under {@code -Xmx1g} with two workers and the parser defaults but a 60 s parse time limit.
 * Recovery: once every hostile job has ended, the time until a normal upload per worker (twice as
 * many as workers, all at once) has completed.
 */
final class HostileScenario implements Scenario {
  static final int WORKERS = 2;
  static final int PARSE_TIMEOUT_SECONDS = 60;
  static final int MAX_CHUNKS = 20_000; // the default, stated for the bound of "completed"
  static final int PARSER_HEAP_MB = 512; // the default, stated for the bound of the RSS

  @Override
  public String name() {
    return "hostile";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    try (Cluster cluster = new Cluster(name())) {
      List<HostileFile> corpus =
          HostileCorpus.write(
              Files.createDirectories(cluster.dir.resolve("corpus")), HostileCorpus.Scale.FULL);
      int port = IntakeProcess.freePort();
      Map<String, String> env = cluster.env("serve");
      env.put("INTAKE_PORT", Integer.toString(port));
      env.put("TASK_MAX_WORKERS", Integer.toString(WORKERS));
      env.put("INTAKE_PARSE_TIMEOUT", Integer.toString(PARSE_TIMEOUT_SECONDS));
      // The scan of 20,000 pages fails after this many pages of OCR, not after an hour of them.
      env.put("INTAKE_OCR_MAX_PAGES", "50");
      IntakeProcess server = cluster.start("serve", env);
      ApiClient api = new ApiClient(port);
      server.awaitHealthy(api, Duration.ofMinutes(2));
      try (HealthMonitor health = new HealthMonitor(port)) {
        Map<HostileFile, String> jobs = new LinkedHashMap<>();
        for (HostileFile f : corpus) {
          jobs.put(f, Uploads.accepted(api, f.name(), Files.readAllBytes(f.file())));
        }
        StringBuilder perFile =
            new StringBuilder(
                "| file | attack | status | seconds | message or chunks | acceptable |\n"
                    + "|---|---|---|---|---|---|\n");
        int acceptable = 0;
        Duration wait = Duration.ofSeconds((PARSE_TIMEOUT_SECONDS + 60L) * corpus.size());
        // each job gets the whole budget: they run two at a time
        for (Map.Entry<HostileFile, String> e : jobs.entrySet()) {
          JsonNode job = finished(api, e.getValue(), wait);
          String problem = job == null ? "not finished" : e.getKey().problemWith(job, MAX_CHUNKS);
          acceptable += problem == null ? 1 : 0;
          perFile.append(row(e.getKey(), job, problem));
        }
        boolean aliveAfterCorpus = server.isAlive();
        List<String> after = new ArrayList<>();
        Set<String> workers = new TreeSet<>();
        Duration recover = Duration.ZERO;
        if (aliveAfterCorpus) {
          long t0 = System.nanoTime();
          for (int i = 0; i < 2 * WORKERS; i++) {
            after.add(
                Uploads.accepted(api, "after-" + i + ".txt", Documents.textBytes(300 + i, 30)));
          }
          for (String id : after) {
            JsonNode job = finished(api, id, Duration.ofMinutes(5));
            if (job != null) {
              workers.add(job.path("worker_id").asText());
            }
          }
          recover = Duration.ofNanos(System.nanoTime() - t0);
        }
        String url = "jdbc:sqlite:" + cluster.dir.resolve("data-serve").resolve("intake.db");
        List<String> all = new ArrayList<>(jobs.values());
        all.addAll(after);
        JobAudit audit = JobAudit.of(api, all, url, Duration.ofMinutes(1));
        Figures figures =
            new Figures(
                audit,
                aliveAfterCorpus ? Figures.seconds(recover) : "never (the server died)",
                cluster.peakRssMb(),
                health.longestGap());
        return "## The hostile corpus (`hostile`)\n\n"
            + "Every file of the hostile corpus at full scale (zip bombs inflating to "
            + (HostileCorpus.Scale.FULL.inflatedBytes() >> 20)
            + " MB, a PDF content stream of "
            + (HostileCorpus.Scale.FULL.pdfTextBytes() >> 20)
            + " MB of text, …) uploaded at once to one `intake serve` (SQLite, `-Xmx1g`, "
            + WORKERS
            + " workers, `INTAKE_PARSE_TIMEOUT="
            + PARSE_TIMEOUT_SECONDS
            + "`, `INTAKE_OCR_MAX_PAGES=50`, other parser settings at their defaults). Acceptable:"
            + " failed with a message"
            + " that names the problem in words (no stack, class or package names), or completed"
            + " within "
            + String.format("%,d", MAX_CHUNKS)
            + " chunks. Afterwards "
            + 2 * WORKERS
            + " normal documents are uploaded at once; seconds to recover is the time until all"
            + " of them completed. The jobs counted are the hostile ones and those. Peak RSS is"
            + " the server's with its parser children; the bound of the acceptance is the heap"
            + " plus the parser heaps plus 1 GB: "
            + String.format("%,d", 1024 + WORKERS * PARSER_HEAP_MB + 1024)
            + " MB.\n\n"
            + String.format(
                "%d of %d hostile files ended acceptably; the server %s; the normal uploads ran"
                    + " on %d of %d workers.%n%n",
                acceptable,
                corpus.size(),
                aliveAfterCorpus
                    ? "stayed up"
                    : "died (exit " + server.awaitExit(Duration.ZERO) + ")",
                workers.size(),
                WORKERS)
            + figures.table()
            + "\n"
            + perFile;
      }
    }
  }

  private static JsonNode finished(ApiClient api, String id, Duration wait) {
    try {
      return api.awaitFinished(id, wait);
    } catch (AssertionError | RuntimeException e) {
      return null;
    }
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private static String row(HostileFile f, JsonNode job, String problem) {
    if (job == null) {
      return "| " + f.name() + " | " + f.attack() + " | not finished | | | no |\n";
    }
    String status = job.path("status").asText();
    String seconds = "";
    if (!job.path("started_at").isNull() && !job.path("completed_at").isNull()) {
      seconds =
          Figures.seconds(
              Duration.between(
                  Instant.parse(job.path("started_at").asText()),
                  Instant.parse(job.path("completed_at").asText())));
    }
    String detail =
        status.equals("failed")
            ? job.path("error_message").asText().replace("|", "\\|")
            : job.path("result").path("chunk_count").asInt() + " chunks";
    return String.format(
        "| %s | %s | %s | %s | %s | %s |%n",
        f.name(),
        f.attack().replace("<", "&lt;"),
        status,
        seconds,
        detail,
        problem == null ? "yes" : "no: " + shorten(problem).replace("|", "\\|"));
  }
}
