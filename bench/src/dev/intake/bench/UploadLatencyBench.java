package dev.intake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.config.IntakeConfig;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upload latency while both workers are busy embedding, on the embedded default, plus the
 * pipeline's throughput in chunks/s and — measured in the same run, on the same chunk texts — the
 * raw model throughput. Run: {@code ./intake bench upload}; with {@code --concurrency 1,32} (and
 * optionally {@code --runs N}) it measures concurrent clients instead ({@link
 * UploadConcurrencyBench}).
 */
public final class UploadLatencyBench {
  private static final int BUSY_DOCS = 8;
  private static final int UPLOADS = 150;

  public static void main(String[] args) throws Exception {
    List<Integer> concurrency = new ArrayList<>();
    int runs = UploadConcurrencyBench.RUNS;
    UploadConcurrencyBench.Client client = UploadConcurrencyBench.Client.LEAN;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--concurrency") && i + 1 < args.length) {
        for (String n : args[++i].split(",")) {
          concurrency.add(Integer.parseInt(n.trim()));
        }
      } else if (args[i].equals("--runs") && i + 1 < args.length) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--client") && i + 1 < args.length) {
        client = UploadConcurrencyBench.Client.valueOf(args[++i].toUpperCase(Locale.ROOT));
      } else {
        throw new IllegalArgumentException(
            "usage: ./intake bench upload [--concurrency N[,N...]] [--runs N]"
                + " [--client lean|httpclient]");
      }
    }
    if (!concurrency.isEmpty()) {
      UploadConcurrencyBench.run(concurrency, runs, client);
      System.exit(0);
    }
    Path data = Files.createTempDirectory("intake-bench");
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_DATA_DIR", data.toString());
    vars.put("INTAKE_PORT", "0");
    vars.put("TASK_MAX_WORKERS", "2");
    IntakeConfig config = IntakeConfig.from(vars);
    List<Double> latencies = new ArrayList<>();
    long chunks = 0;
    double pipelineSeconds;
    List<String> texts = new ArrayList<>();
    boolean stillBusy;
    try (IntakeNode node = IntakeNode.start(config, IntakeNode.Role.SERVE, Clock.systemUTC())) {
      ApiClient api = new ApiClient(node.port());
      // Warm the HTTP path, the JIT and every worker's parser child before measuring anything,
      // and wait for the warm-up jobs: the throughput phase must not share the machine with them.
      List<String> warmUp = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        warmUp.add(
            api.upload(
                    "warm-" + i + ".txt",
                    Documents.textBytes(10_000 + i, i < 4 ? 150 : 1),
                    Map.of("priority", "low"))
                .body()
                .path("job_id")
                .asText());
      }
      for (String id : warmUp) {
        api.awaitFinished(id, Duration.ofMinutes(30));
      }
      // Phase 1, throughput: the pipeline alone, no other load on the machine.
      long t0 = System.nanoTime();
      List<String> measured = new ArrayList<>();
      for (int i = 0; i < BUSY_DOCS; i++) {
        measured.add(
            api.upload("doc-" + i + ".txt", Documents.textBytes(i, 150), Map.of())
                .body()
                .path("job_id")
                .asText());
      }
      for (String id : measured) {
        JsonNode job = api.awaitFinished(id, Duration.ofMinutes(30));
        chunks += job.path("result").path("chunk_count").asLong();
      }
      pipelineSeconds = (System.nanoTime() - t0) / 1e9;
      for (String id : measured) {
        String doc = api.get("/api/v1/jobs/" + id).body().path("document_id").asText();
        for (JsonNode c :
            api.get("/api/v1/documents/" + doc + "/chunks?limit=1000").body().path("chunks")) {
          texts.add(c.path("text").asText());
        }
      }
      // Phase 2, latency: both workers busy embedding while a client uploads.
      List<String> busyJobs = new ArrayList<>();
      for (int i = 0; i < BUSY_DOCS; i++) {
        busyJobs.add(
            api.upload("busy-" + i + ".txt", Documents.textBytes(100 + i, 150), Map.of())
                .body()
                .path("job_id")
                .asText());
      }
      waitUntilBothWorkersBusy(api);
      for (int i = 0; i < UPLOADS; i++) {
        byte[] doc = Documents.textBytes(1_000 + i, 1);
        long s = System.nanoTime();
        ApiClient.Response r = api.upload("small-" + i + ".txt", doc, Map.of("priority", "low"));
        latencies.add((System.nanoTime() - s) / 1e6);
        if (r.status() != 202) {
          throw new IllegalStateException("upload failed: " + r.body());
        }
      }
      stillBusy = busyWorkers(api) == 2;
      for (String id : busyJobs) {
        api.awaitFinished(id, Duration.ofMinutes(30));
      }
    }
    double rawRate;
    try (EmbeddingModel model =
        new MiniLmEmbeddingModel(Runtime.getRuntime().availableProcessors())) {
      rawRate = rawModelRate(model, texts);
    }
    double pipelineRate = chunks / pipelineSeconds;
    String md =
        "## Upload latency while the workers are busy (embedded default)\n\n"
            + "Measured by `./intake bench upload` on "
            + BenchReport.machine()
            + ". "
            + BUSY_DOCS
            + " large text documents keep both workers embedding (both still busy when the last"
            + " upload returned: "
            + stillBusy
            + "); meanwhile "
            + UPLOADS
            + " small uploads are timed one after another from a client on the same machine "
            + "(multipart POST to 202 response).\n\n"
            + "| uploads | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|\n"
            + "| "
            + latencies.size()
            + " | "
            + BenchReport.fmt(BenchReport.median(latencies))
            + " | "
            + BenchReport.fmt(BenchReport.percentile(latencies, 90))
            + " | "
            + BenchReport.fmt(BenchReport.percentile(latencies, 99))
            + " | "
            + BenchReport.fmt(BenchReport.percentile(latencies, 100))
            + " |\n\n"
            + "Throughput is measured first, with nothing else running: "
            + BUSY_DOCS
            + " documents, "
            + chunks
            + " chunks, from the first upload to the last completion; then the model alone on the"
            + " same chunk texts, in the same process.\n\n"
            + "| throughput | chunks/s |\n|---|---|\n"
            + "| pipeline: upload → completed, 2 workers (parse, chunk, embed, store) | "
            + BenchReport.fmt(pipelineRate)
            + " |\n"
            + "| raw model: the same "
            + texts.size()
            + " chunk texts, groups of 16, all cores (median of 3) | "
            + BenchReport.fmt(rawRate)
            + " |\n"
            + "| pipeline / raw model | "
            + BenchReport.fmt(pipelineRate / rawRate)
            + " |\n";
    BenchReport.writeSection("upload", md);
    System.exit(0);
  }

  private static double rawModelRate(EmbeddingModel model, List<String> texts) {
    model.embed(texts.subList(0, Math.min(64, texts.size()))); // warm-up
    double[] rates = new double[3];
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      for (int from = 0; from < texts.size(); from += 16) {
        model.embed(texts.subList(from, Math.min(from + 16, texts.size())));
      }
      rates[run] = texts.size() / ((System.nanoTime() - t0) / 1e9);
    }
    return BenchReport.median(rates);
  }

  private static long busyWorkers(ApiClient api) {
    long busy = 0;
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      if (!w.path("current_job").isNull()) {
        busy++;
      }
    }
    return busy;
  }

  private static void waitUntilBothWorkersBusy(ApiClient api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (busyWorkers(api) < 2) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("workers never both busy");
      }
      Thread.sleep(50);
    }
  }
}
