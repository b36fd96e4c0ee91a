package dev.intake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.config.IntakeConfig;
import dev.intake.testing.ApiClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A directory of real PDFs through the whole service on the embedded default, as one batch: wall
 * time, pages and chunks per second, outcomes, and the process's peak heap. Run: {@code ./intake
 * bench corpus DIR} (DIR from {@code bench/fetch-bench-corpus.sh}, its {@code pdf} folder).
 */
public final class CorpusBench {
  public static void main(String[] args) throws Exception {
    Path corpus =
        Path.of(args.length > 0 ? args[0] : "bench-corpus/pdf").toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("intake-corpus-bench");
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_DATA_DIR", data.toString());
    vars.put("INTAKE_PORT", "0");
    vars.put("INTAKE_ALLOWED_DIRS", corpus.toString());
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  var memory = ManagementFactory.getMemoryMXBean();
                  while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    try (IntakeNode node =
        IntakeNode.start(IntakeConfig.from(vars), IntakeNode.Role.SERVE, Clock.systemUTC())) {
      ApiClient api = new ApiClient(node.port());
      Instant t0 = Instant.now();
      JsonNode accepted =
          api.post(
                  "/api/v1/documents/ingest-directory",
                  Map.of("directory_path", corpus.toString(), "file_patterns", List.of("*.pdf")))
              .body();
      String batch = accepted.path("job_id").asText();
      JsonNode job = api.awaitFinished(batch, Duration.ofHours(2));
      double seconds = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
      long pages = 0;
      long chunks = 0;
      for (JsonNode d : api.get("/api/v1/documents?limit=1000").body().path("documents")) {
        pages += d.path("pages").asLong();
        chunks += d.path("chunk_count").asLong();
      }
      JsonNode result = job.path("result");
      sampler.interrupt();
      String md =
          "## A directory of real PDFs, end to end (embedded default)\n\n"
              + "Measured by `./intake bench corpus DIR` on "
              + BenchReport.machine()
              + ", max heap "
              + Runtime.getRuntime().maxMemory() / (1024 * 1024)
              + " MB: the PDFs that `bench/fetch-bench-corpus.sh` unpacks (R manuals up to 2,415 pages,"
              + " LaTeX package manuals) ingested as one directory batch with 2 workers.\n\n"
              + "| files | successful | failed | pages | chunks | wall time | pages/s | chunks/s |"
              + " peak heap in use |\n|---|---|---|---|---|---|---|---|---|\n"
              + "| "
              + result.path("total_files").asInt()
              + " | "
              + result.path("successful").asInt()
              + " | "
              + result.path("failed").asInt()
              + " | "
              + pages
              + " | "
              + chunks
              + " | "
              + BenchReport.fmt(seconds)
              + " s"
              + " | "
              + BenchReport.fmt(pages / seconds)
              + " | "
              + BenchReport.fmt(chunks / seconds)
              + " | "
              + peakHeap.get() / (1024 * 1024)
              + " MB |\n\n"
              + "Peak heap in use is sampled every 200 ms and includes garbage not yet collected,"
              + " so it bounds the live set from above. Failed files fail alone, with their reason"
              + " (e.g. a logo or outline PDF without a text layer: \"No extractable text\").\n";
      BenchReport.writeSection("corpus", md);
    }
    System.exit(0);
  }
}
