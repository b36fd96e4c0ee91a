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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upload latency with many clients at once while the workers embed, on the embedded default: for
 * each concurrency, {@value #RUNS} runs in fresh nodes, each sending {@value #UPLOADS} small
 * uploads from that many client threads; the table shows the median over the runs of each run's
 * percentiles. Run: {@code ./intake bench upload --concurrency 1,32}. {@code
 * INTAKE_BACKGROUND_NICE} in the environment is passed to the nodes, for same-session comparisons
 * of the background work's priority.
 */
final class UploadConcurrencyBench {
  static final int UPLOADS = 1_000;
  static final int RUNS = 4;
  private static final int BUSY_DOCS = 48; // outlasts both rounds of one client

  /** The load's clients: {@link KeepAliveUploader}s, or one {@code HttpClient} each. */
  enum Client {
    LEAN,
    HTTPCLIENT
  }

  private record Run(double p50, double p90, double p99, double max, boolean busy) {}

  private UploadConcurrencyBench() {}

  static void run(List<Integer> concurrencies, int runs, Client client) throws Exception {
    StringBuilder rows = new StringBuilder();
    boolean freshJvm = true; // only the first node this JVM starts meets a JIT still at work
    for (int clients : concurrencies) {
      List<List<Run>> fresh = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<Run>> warm = List.of(new ArrayList<>(), new ArrayList<>());
      for (int r = 0; r < runs; r++) {
        Run[] rounds = once(clients, client);
        for (int i = 0; i < 2; i++) {
          Run run = rounds[i];
          System.out.printf(
              "concurrency %d run %d %s: p50 %.1f p90 %.1f p99 %.1f max %.1f ms (workers busy:"
                  + " %s)%n",
              clients,
              r + 1,
              i == 0 ? "first round" : "second round",
              run.p50(),
              run.p90(),
              run.p99(),
              run.max(),
              run.busy());
          (freshJvm ? fresh : warm).get(i).add(run);
        }
        freshJvm = false;
      }
      for (int i = 0; i < 2; i++) {
        if (!fresh.get(i).isEmpty()) {
          row(rows, clients, "fresh", i == 0 ? "first" : "second", fresh.get(i));
        }
      }
      for (int i = 0; i < 2; i++) {
        if (!warm.get(i).isEmpty()) {
          row(rows, clients, "warm", i == 0 ? "first" : "second", warm.get(i));
        }
      }
    }
    String md =
        "## Upload latency with concurrent clients while the workers embed (embedded default"
            + (client == Client.LEAN ? "" : ", `HttpClient` clients")
            + ")\n\n"
            + "Measured by `./intake bench upload --concurrency "
            + String.join(",", concurrencies.stream().map(String::valueOf).toList())
            + (client == Client.LEAN ? "" : " --client httpclient")
            + "` on "
            + BenchReport.machine()
            + ", with durable acknowledgements (the blob and its directory are fsynced, then the"
            + " enqueue commits with `synchronous=FULL`). Each run starts a fresh node with 2"
            + " workers, queues "
            + BUSY_DOCS
            + " large text documents to keep both embedding, then sends two rounds of "
            + UPLOADS
            + " small uploads (about 3 KB each) from that many client threads in the same JVM ("
            + (client == Client.LEAN
                ? "each with one keep-alive connection, writing its request in one go"
                : "each with its own `java.net.http.HttpClient`")
            + "), each timing its multipart POST to the 202. All runs share the benchmark's JVM:"
            + " only the first node it starts meets a JIT compiler still at work (rows \"fresh\":"
            + " the first 2,000 uploads of a server just started), every later node runs compiled"
            + " code (\"warm\": a server that has been up for a while). Figures are the medians"
            + " over the runs of each run's percentile.\n\n"
            + "| clients | JVM | round | runs | p50 ms | p90 ms | p99 ms | max ms | both workers"
            + " embedding at the end |\n"
            + "|---|---|---|---|---|---|---|---|---|\n"
            + rows;
    BenchReport.writeSection(
        client == Client.LEAN ? "upload-concurrency" : "upload-concurrency-httpclient", md);
  }

  private static void row(StringBuilder rows, int clients, String jvm, String round, List<Run> rs) {
    rows.append("| ")
        .append(clients)
        .append(" | ")
        .append(jvm)
        .append(" | ")
        .append(round)
        .append(" | ")
        .append(rs.size())
        .append(" | ")
        .append(BenchReport.fmt(median(rs, Run::p50)))
        .append(" | ")
        .append(BenchReport.fmt(median(rs, Run::p90)))
        .append(" | ")
        .append(BenchReport.fmt(median(rs, Run::p99)))
        .append(" | ")
        .append(BenchReport.fmt(median(rs, Run::max)))
        .append(" | ")
        .append(rs.stream().allMatch(Run::busy))
        .append(" |\n");
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    return BenchReport.median(runs.stream().mapToDouble(f).toArray());
  }

  /** One fresh node: a first round of uploads (the JIT still compiling), then a second, timed. */
  private static Run[] once(int clients, Client client) throws Exception {
    Path data = Files.createTempDirectory("intake-bench");
    Map<String, String> vars = new HashMap<>();
    vars.put("INTAKE_DATA_DIR", data.toString());
    vars.put("INTAKE_PORT", "0");
    vars.put("TASK_MAX_WORKERS", "2");
    // For same-session comparisons of the background work's priority (e.g. 0 against 19).
    String nice = System.getenv("INTAKE_BACKGROUND_NICE");
    if (nice != null) {
      vars.put("INTAKE_BACKGROUND_NICE", nice);
    }
    IntakeConfig config = IntakeConfig.from(vars);
    Run cold;
    Run warm;
    try (IntakeNode node = IntakeNode.start(config, IntakeNode.Role.SERVE, Clock.systemUTC())) {
      ApiClient api = new ApiClient(node.port());
      for (int i = 0; i < 20; i++) { // the first requests of a fresh server
        api.upload("warm-" + i + ".txt", Documents.textBytes(10_000 + i, 1), Map.of());
      }
      for (int i = 0; i < BUSY_DOCS; i++) {
        api.upload("busy-" + i + ".txt", Documents.textBytes(100 + i, 150), Map.of());
      }
      waitUntilBothWorkersBusy(api);
      cold = round(node, api, clients, client, 1_000_000L * clients);
      warm = round(node, api, clients, client, 2_000_000L * clients);
    }
    deleteTree(data);
    return new Run[] {cold, warm};
  }

  /** {@value #UPLOADS} small uploads from {@code clients} threads, each timed to its 202. */
  private static Run round(IntakeNode node, ApiClient api, int clients, Client kind, long seed)
      throws Exception {
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                ApiClient http = kind == Client.HTTPCLIENT ? new ApiClient(node.port()) : null;
                try (KeepAliveUploader lean = new KeepAliveUploader(node.port())) {
                  for (int i = next.getAndIncrement(); i < UPLOADS; i = next.getAndIncrement()) {
                    byte[] doc = Documents.textBytes(seed + i, 1);
                    String name = "small-" + i + ".txt";
                    long s = System.nanoTime();
                    int status =
                        http != null
                            ? http.upload(name, doc, Map.of("priority", "low")).status()
                            : lean.upload(name, doc);
                    latencies.add((System.nanoTime() - s) / 1e6);
                    if (status != 202) {
                      throw new IllegalStateException("upload " + name + " answered " + status);
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return new Run(
        BenchReport.percentile(latencies, 50),
        BenchReport.percentile(latencies, 90),
        BenchReport.percentile(latencies, 99),
        BenchReport.percentile(latencies, 100),
        busyWorkers(api) == 2);
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

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
