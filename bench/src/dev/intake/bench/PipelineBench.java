package dev.intake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.config.IntakeConfig;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Steady-state pipeline throughput (upload → completed) of the embedded default with 2 workers, in
 * chunks per second. Unlike the throughput phase of {@link UploadLatencyBench}, which starts while
 * its warm-up jobs still run, this one first ingests warm-up documents of the measured size and
 * waits for them (so every worker, and every parser child, has run real work), then times several
 * rounds of documents one after another and reports the median round.
 *
 * <p>Run: {@code ./intake bench pipeline [--rounds N]}. Each round prints a line {@code PIPELINE
 * round chunks seconds chunks/s}, so two builds can be compared by running this same file against
 * each, alternately.
 */
public final class PipelineBench {
  private static final int WARM_UP_DOCS = 6;
  private static final int DOCS_PER_ROUND = 8;
  private static final int PARAGRAPHS = 150;

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds") && i + 1 < args.length) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("usage: ./intake bench pipeline [--rounds N]");
      }
    }
    Path data = Files.createTempDirectory("intake-bench");
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_DATA_DIR", data.toString());
    vars.put("INTAKE_PORT", "0");
    vars.put("TASK_MAX_WORKERS", "2");
    List<Double> rates = new ArrayList<>();
    long totalChunks = 0;
    try (IntakeNode node =
        IntakeNode.start(IntakeConfig.from(vars), IntakeNode.Role.SERVE, Clock.systemUTC())) {
      ApiClient api = new ApiClient(node.port());
      ingest(api, 50_000, WARM_UP_DOCS);
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        long chunks = ingest(api, 60_000 + round * 100, DOCS_PER_ROUND);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = chunks / seconds;
        rates.add(rate);
        totalChunks += chunks;
        System.out.printf(
            java.util.Locale.ROOT,
            "PIPELINE round %d chunks %d seconds %.2f chunks/s %.2f%n",
            round + 1,
            chunks,
            seconds,
            rate);
      }
    }
    double median = BenchReport.median(rates);
    System.out.printf(
        java.util.Locale.ROOT,
        "PIPELINE median %.2f chunks/s over %d rounds (%d chunks)%n",
        median,
        rounds,
        totalChunks);
    System.exit(0);
  }

  /** Uploads {@code count} distinct documents, waits for all, returns their chunk count. */
  private static long ingest(ApiClient api, long seed, int count) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ApiClient.Response r =
          api.upload(
              "doc-" + (seed + i) + ".txt", Documents.textBytes(seed + i, PARAGRAPHS), Map.of());
      if (r.status() != 202) {
        throw new IllegalStateException("upload failed: " + r.body());
      }
      jobs.add(r.body().path("job_id").asText());
    }
    long chunks = 0;
    for (String id : jobs) {
      JsonNode job = api.awaitFinished(id, Duration.ofMinutes(30));
      if (!job.path("status").asText().equals("completed")) {
        throw new IllegalStateException("job did not complete: " + job);
      }
      chunks += job.path("result").path("chunk_count").asLong();
    }
    return chunks;
  }
}
