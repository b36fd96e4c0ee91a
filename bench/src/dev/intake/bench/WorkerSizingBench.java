package dev.intake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Sizing of one {@code intake worker} process, for docs/DEPLOYMENT.md: an API node ({@code serve}
 * without workers) and one worker process on PostgreSQL, the sample PDFs uploaded round after
 * round. Per round: the chunks made, the wall time, and the CPU time of the worker's whole process
 * tree (the worker JVM, its parser children and what they ran, from {@code /proc/PID/stat}), so
 * that the figure per core does not depend on what else the machine runs. Resident memory (RSS) of
 * the worker JVM and of its parser children is sampled every 250 ms.
 *
 * <p>Run: {@code ./intake bench sizing [--rounds N] [--workers N] [--parser-heap-mb N] [--heap-mb
 * N] [--cpus LIST]} ({@code --cpus 0} pins the worker process tree to CPU 0 with taskset). Linux
 * only.
 */
public final class WorkerSizingBench {
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(20);
  private static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");
  private static final int TEXT_DOCUMENTS = 8;
  private static final int PARAGRAPHS = 150;

  private WorkerSizingBench() {}

  private record Round(long chunks, double wallSeconds, double cpuSeconds) {}

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int workers = 2;
    int parserHeapMb = 512;
    int heapMb = 1024;
    String cpus = null;
    boolean text = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--parser-heap-mb" -> parserHeapMb = Integer.parseInt(args[++i]);
        case "--heap-mb" -> heapMb = Integer.parseInt(args[++i]);
        case "--cpus" -> cpus = args[++i];
        case "--corpus" -> text = args[++i].equals("text");
        default ->
            throw new IllegalArgumentException(
                "usage: ./intake bench sizing [--corpus pdf|text] [--rounds N] [--workers N] [--parser-heap-mb N]"
                    + " [--heap-mb N] [--cpus LIST]");
      }
    }
    List<Path> pdfs;
    Path dir = Files.createTempDirectory("intake-sizing");
    if (text) {
      List<Path> docs = new ArrayList<>();
      for (int i = 0; i < TEXT_DOCUMENTS; i++) {
        Path doc = dir.resolve("doc-" + i + ".txt");
        Files.write(doc, Documents.textBytes(70_000 + i, PARAGRAPHS));
        docs.add(doc);
      }
      pdfs = docs;
    } else {
      try (Stream<Path> files = Files.list(Corpus.pdfSamples())) {
        pdfs = files.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
      }
    }
    String schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated here; both processes connect with the schema in their URL
    }
    String url = TestDatabases.postgresUrlFor(schema);
    int port = IntakeProcess.freePort();
    List<IntakeProcess> processes = new ArrayList<>();
    try {
      Map<String, String> apiEnv = env(dir, "api", url);
      apiEnv.put("INTAKE_PORT", Integer.toString(port));
      apiEnv.put("TASK_WORKERS_AUTO_START", "false");
      IntakeProcess apiNode = start(processes, "serve", apiEnv, dir, List.of(), List.of());
      ApiClient api = new ApiClient(port);
      apiNode.awaitHealthy(api, Duration.ofMinutes(3));
      Map<String, String> workerEnv = env(dir, "worker", url);
      workerEnv.put("INTAKE_WORKER_PORT", "0");
      workerEnv.put("TASK_MAX_WORKERS", Integer.toString(workers));
      workerEnv.put("INTAKE_PARSER_HEAP_MB", Integer.toString(parserHeapMb));
      if (cpus != null) {
        workerEnv.put("INTAKE_EMBED_THREADS", Integer.toString(cpus.split(",").length));
      }
      IntakeProcess worker =
          start(
              processes,
              "worker",
              workerEnv,
              dir,
              List.of("-Xmx" + heapMb + "m"),
              cpus == null ? List.of() : List.of("taskset", "-c", cpus));
      awaitWorkers(api, workers);
      ProcessTreeSampler memory = new ProcessTreeSampler(worker.pid());
      long idleWorker = ProcessTreeSampler.rss(worker.pid());
      long idleChildren = memory.childrenRss();

      ingest(api, pdfs.subList(0, Math.min(6, pdfs.size())), worker.pid()); // warm-up
      memory.start();
      List<Round> measured = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Round round = ingest(api, pdfs, worker.pid());
        measured.add(round);
        System.out.printf(
            Locale.ROOT,
            "SIZING round %d chunks %d wall %.1f s cpu %.1f s chunks/cpu-s %.2f chunks/s %.2f%n",
            r + 1,
            round.chunks(),
            round.wallSeconds(),
            round.cpuSeconds(),
            round.chunks() / round.cpuSeconds(),
            round.chunks() / round.wallSeconds());
      }
      memory.close();
      List<Double> perCpu = measured.stream().map(m -> m.chunks() / m.cpuSeconds()).toList();
      List<Double> perWall = measured.stream().map(m -> m.chunks() / m.wallSeconds()).toList();
      List<Double> busy = measured.stream().map(m -> m.cpuSeconds() / m.wallSeconds()).toList();
      System.out.printf(
          Locale.ROOT,
          "SIZING %d files (%s) x %d rounds, %d worker threads, parser heap %d MB, worker heap %d MB,"
              + " cpus %s%n",
          pdfs.size(),
          text ? "generated text" : "sample PDFs",
          rounds,
          workers,
          parserHeapMb,
          heapMb,
          cpus == null ? "all" : cpus);
      System.out.printf(
          Locale.ROOT,
          "SIZING median chunks per CPU-second %.2f, wall chunks/s %.2f, cores busy %.2f%n",
          BenchReport.median(perCpu),
          BenchReport.median(perWall),
          BenchReport.median(busy));
      System.out.printf(
          Locale.ROOT,
          "SIZING RSS idle: worker %d MB, parser children %d MB%n",
          idleWorker >> 20,
          idleChildren >> 20);
      System.out.printf(
          Locale.ROOT,
          "SIZING RSS while ingesting, median / peak: worker %d / %d MB, parser children %d / %d"
              + " MB, whole tree %d / %d MB%n",
          memory.median(memory.worker) >> 20,
          memory.peak(memory.worker) >> 20,
          memory.median(memory.children) >> 20,
          memory.peak(memory.children) >> 20,
          memory.median(memory.total) >> 20,
          memory.peak(memory.total) >> 20);
    } finally {
      processes.forEach(IntakeProcess::close);
      TestDatabases.dropSchema(schema);
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    System.exit(0);
  }

  private static Map<String, String> env(Path dir, String node, String url) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATA_DIR", dir.resolve("data-" + node).toString());
    env.put("INTAKE_BLOB_DIR", dir.resolve("blobs").toString());
    env.put("INTAKE_DATABASE_URL", url);
    env.put("INTAKE_MIN_FREE_DISK_MB", "0");
    return env;
  }

  private static IntakeProcess start(
      List<IntakeProcess> processes,
      String command,
      Map<String, String> env,
      Path dir,
      List<String> jvm,
      List<String> launcher) {
    IntakeProcess p =
        IntakeProcess.start(command, env, dir.resolve(command + ".log"), null, jvm, launcher);
    processes.add(p);
    return p;
  }

  private static void awaitWorkers(ApiClient api, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (api.get("/api/v1/workers").body().path("workers").size() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker process never registered " + n + " workers");
      }
      Thread.sleep(200);
    }
  }

  /** Uploads every file (again, with force), waits for all, returns the round's figures. */
  private static Round ingest(ApiClient api, List<Path> pdfs, long workerPid)
      throws IOException, InterruptedException {
    double cpu0 = ProcessTreeSampler.cpuSeconds(workerPid);
    long t0 = System.nanoTime();
    List<String> jobs = new ArrayList<>();
    for (Path pdf : pdfs) {
      ApiClient.Response r =
          api.upload(
              pdf.getFileName().toString(), Files.readAllBytes(pdf), Map.of("force", "true"));
      if (r.status() != 202) {
        throw new IllegalStateException(pdf.getFileName() + ": " + r.status() + " " + r.body());
      }
      jobs.add(r.body().path("job_id").asText());
    }
    long chunks = 0;
    for (String id : jobs) {
      JsonNode job = api.awaitFinished(id, ROUND_LIMIT);
      if (!FINISHED.contains(job.path("status").asText())) {
        throw new IllegalStateException("job " + id + ": " + job);
      }
      if (job.path("status").asText().equals("completed")) {
        chunks +=
            api.get("/api/v1/jobs/" + id + "/result")
                .body()
                .path("result")
                .path("chunk_count")
                .asLong();
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    return new Round(chunks, wall, ProcessTreeSampler.cpuSeconds(workerPid) - cpu0);
  }

  /** RSS of a process and of its descendants, sampled every 250 ms; CPU time from /proc. */
  private static final class ProcessTreeSampler implements AutoCloseable {
    private static final double TICKS_PER_SECOND = clockTicks();
    final List<Long> worker = Collections.synchronizedList(new ArrayList<>());
    final List<Long> children = Collections.synchronizedList(new ArrayList<>());
    final List<Long> total = Collections.synchronizedList(new ArrayList<>());
    private final long pid;
    private Thread thread;

    ProcessTreeSampler(long pid) {
      this.pid = pid;
    }

    void start() {
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("sizing-rss")
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      long w = rss(pid);
                      long c = childrenRss();
                      worker.add(w);
                      children.add(c);
                      total.add(w + c);
                      try {
                        Thread.sleep(250);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    long childrenRss() {
      return ProcessHandle.of(pid)
          .map(p -> p.descendants().mapToLong(d -> rss(d.pid())).sum())
          .orElse(0L);
    }

    long median(List<Long> samples) {
      List<Long> sorted;
      synchronized (samples) {
        sorted = samples.stream().sorted().toList();
      }
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    long peak(List<Long> samples) {
      synchronized (samples) {
        return samples.stream().mapToLong(Long::longValue).max().orElse(0);
      }
    }

    static long rss(long pid) {
      try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
        return lines
            .filter(l -> l.startsWith("VmRSS:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
            .findFirst()
            .orElse(0);
      } catch (IOException | RuntimeException gone) {
        return 0;
      }
    }

    /**
     * CPU seconds of the process and its descendants: each live one's user and system time, plus
     * what its finished (waited-for) children used.
     */
    static double cpuSeconds(long pid) {
      ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
      try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants())) {
        return tree.mapToLong(p -> ticks(p.pid())).sum() / TICKS_PER_SECOND;
      }
    }

    private static long ticks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name, which may hold spaces: state is field 3, utime 14 …
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11])
            + Long.parseLong(f[12])
            + Long.parseLong(f[13])
            + Long.parseLong(f[14]);
      } catch (IOException | RuntimeException gone) {
        return 0;
      }
    }

    private static double clockTicks() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Double.parseDouble(out);
      } catch (IOException | RuntimeException e) {
        return 100;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 100;
      }
    }

    @Override
    public void close() {
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
