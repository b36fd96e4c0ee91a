package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * SIGTERM during embedding, again and again, on real {@code intake serve} processes (issue
 * acceptance 3): the JVM never crashes (no {@code hs_err_pid*.log}: the model is closed only after
 * inference in progress returned), each process exits with 0 or 143 within the shutdown grace plus
 * 5 s, and every job it was running is handed back without spending an attempt, so that after a
 * last restart every job completes with {@code retry_count} 0 and exact chunks.
 *
 * <p>The acceptance asks for ten SIGTERMs; CI runs {@value #DEFAULT_ROUNDS} (raise the count with
 * {@code -Dintake.sigterm.rounds=10}); the fault suite's {@code ./intake chaos sigterm} runs ten
 * and reports the figures in docs/RELIABILITY.md.
 */
class ShutdownEndToEndTest {
  static final int DEFAULT_ROUNDS = 3;
  static final int ROUNDS = Integer.getInteger("intake.sigterm.rounds", DEFAULT_ROUNDS);
  static final int GRACE_SECONDS = 1;
  static final Duration EXIT_BOUND = Duration.ofSeconds(GRACE_SECONDS + 5);

  @TempDir Path dir;

  private final Map<String, String> extraEnv = new HashMap<>();

  private Map<String, String> env(int port) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("INTAKE_DATA_DIR", dir.resolve("data").toString());
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_SHUTDOWN_GRACE", Integer.toString(GRACE_SECONDS));
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
    return env;
  }

  private IntakeProcess start(int port, String name) throws IOException {
    Path work = Files.createDirectories(dir.resolve(name));
    return IntakeProcess.start(
        "serve",
        env(port),
        dir.resolve(name + ".log"),
        work,
        List.of("-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log")));
  }

  @Test
  void sigtermDuringEmbeddingNeverCrashesAndHandsEveryJobBack() throws Exception {
    sigtermRoundsThenEveryJobCompletes(ROUNDS, 0, Map.of(), EXIT_BOUND);
  }

  /**
   * The embedding threads at nice 19 while other work takes every core: one inference can then last
   * longer than the model's close waits for it, and a JVM that exits while ONNX Runtime runs
   * crashed in it (SIGSEGV in libonnxruntime). Chunks of 2,048 tokens make each inference eight
   * windows long, so that starved it would take minutes: close must stop it rather than wait. The
   * bound on the exit is looser than above, because the shutdown's own threads share the cores with
   * the busy ones; waiting for the inference instead would take at least the grace, the pool's 3 s
   * and the model's 10 s. Without the terminate flag, or without raising the threads again, this
   * took 19 to 22 s.
   */
  @Test
  void sigtermWhileLowPriorityEmbeddingIsStarvedNeverCrashes() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      // Only a privileged process may raise its starved threads again; elsewhere the shutdown
      // waits for the node in progress, which these busy threads make last up to a minute.
      String why = "raising a starved thread's priority needs root";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why + " (required under CI=true)");
      }
      System.err.println("*** SKIPPED: " + why);
      throw new TestAbortedException(why);
    }
    extraEnv.put("INTAKE_BACKGROUND_NICE", "19");
    sigtermRoundsThenEveryJobCompletes(
        2,
        2 * Runtime.getRuntime().availableProcessors() + 4,
        Map.of("chunk_size", "2048"),
        Duration.ofSeconds(GRACE_SECONDS + 10));
  }

  /**
   * {@code rounds} SIGTERMs mid-embedding, each process to exit within {@code exitBound} while
   * {@code hogs} threads keep the cores busy; then a restart, and every job completes.
   */
  private void sigtermRoundsThenEveryJobCompletes(
      int rounds, int hogs, Map<String, String> uploadFields, Duration exitBound) throws Exception {
    // Embedding progress shows after each group of 16 chunks: a document of several groups.
    int paragraphs = uploadFields.containsKey("chunk_size") ? 1_600 : 400;
    int port = IntakeProcess.freePort();
    ApiClient api = new ApiClient(port);
    List<String> jobs = new ArrayList<>();
    int handedBack = 0;
    for (int round = 1; round <= rounds; round++) {
      String name = "round-" + round;
      try (IntakeProcess p = start(port, name)) {
        p.awaitHealthy(api, Duration.ofSeconds(90));
        ApiClient.Response r =
            api.upload(
                "long-" + round + ".txt", Documents.textBytes(round, paragraphs), uploadFields);
        assertThat(r.status()).isEqualTo(202);
        jobs.add(r.body().path("job_id").asText());
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> embedding(api));

        OptionalInt exit;
        Duration took;
        try (CpuHogs busy = new CpuHogs(hogs)) {
          long t0 = System.nanoTime();
          p.signalTerm();
          exit = p.awaitExit(exitBound.plusSeconds(30));
          took = Duration.ofNanos(System.nanoTime() - t0);
        }
        assertThat(exit).as("%s exited; log:%n%s", name, p.logText()).isPresent();
        assertThat(exit.getAsInt()).as("%s exit code; log:%n%s", name, p.logText()).isIn(0, 143);
        assertThat(took)
            .as("%s time to exit; log:%n%s", name, p.logText())
            .isLessThanOrEqualTo(exitBound);
        assertThat(crashLogs(dir.resolve(name))).as("%s JVM crash logs", name).isEmpty();
        assertThat(p.logText()).doesNotContain("SIGSEGV");
        handedBack += p.logText().contains("job ended: RELEASED") ? 1 : 0;
        System.out.printf(
            "%s: exit %d after SIGTERM in %d ms%n", name, exit.getAsInt(), took.toMillis());
      }
      assertNothingRunningAndNoAttemptSpent();
    }
    assertThat(handedBack).as("rounds that stopped a job mid-embedding").isPositive();

    try (IntakeProcess last = start(port, "final")) {
      last.awaitHealthy(api, Duration.ofSeconds(90));
      long t0 = System.nanoTime();
      for (String id : jobs) {
        JsonNode job = api.awaitFinished(id, Duration.ofMinutes(2).plusSeconds(30L * rounds));
        System.out.printf(
            "%s completed after %d ms: %s%n",
            id, (System.nanoTime() - t0) / 1_000_000, job.path("result"));
        assertThat(job.path("status").asText()).as(id).isEqualTo("completed");
        assertThat(job.path("retry_count").asInt()).as(id).isZero();
        int count =
            api.get("/api/v1/jobs/" + id + "/result")
                .body()
                .path("result")
                .path("chunk_count")
                .asInt();
        JsonNode chunks =
            api.get("/api/v1/documents/" + job.path("document_id").asText() + "/chunks?limit=1")
                .body();
        assertThat(chunks.path("total").asInt()).as(id).isEqualTo(count).isPositive();
      }
    }
  }

  /** Threads at normal priority that keep every core busy until closed. */
  private static final class CpuHogs implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    CpuHogs(int count) {
      for (int i = 0; i < count; i++) {
        threads.add(
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      long x = 0;
                      while (running) {
                        x += System.nanoTime() % 7;
                      }
                      if (x == 42) {
                        System.out.print("");
                      }
                    }));
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  /** Whether a job is in the embedding stage right now. */
  private static boolean embedding(ApiClient api) {
    JsonNode running = api.get("/api/v1/jobs?status=processing").body().path("jobs");
    for (JsonNode j : running) {
      if (j.path("message").asText().startsWith("Embedding chunk")) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> crashLogs(Path workDir) throws IOException {
    try (Stream<Path> files = Files.list(workDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
    }
  }

  /** Reads the stopped server's database file itself: no job left processing, none retried. */
  private void assertNothingRunningAndNoAttemptSpent() throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve("data").resolve("intake.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT job_id, status, attempt FROM jobs WHERE status <> 'completed' OR attempt > 1")) {
      while (r.next()) {
        assertThat(r.getString("status")).as(r.getString("job_id")).isEqualTo("pending");
        assertThat(r.getInt("attempt")).as(r.getString("job_id")).isZero();
      }
    }
  }
}
