package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.NetworkHosts;
import dev.intake.testing.NetworkHostsGate;
import dev.intake.testing.S3Server;
import dev.intake.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hosts across a real network: network namespaces joined by veth pairs and bridges, with real TCP
 * between them. A database host runs a PostgreSQL instance of its own, an S3 host S3Proxy, an API
 * host {@code intake serve --no-workers}, and two worker hosts {@code intake worker}. Networks: db
 * (PostgreSQL), s3 (objects) and front (clients to the API); this test's own namespace is on each.
 * A fault pulls a host's cable on one network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostNetworkTest {
  static final Path CORPUS = Corpus.pdfSamples();
  static final String KEY = "multi-host-test-key";

  Path dir;
  NetworkHosts net;
  Process postgres;
  Process s3;
  IntakeProcess apiProcess;
  final Map<String, IntakeProcess> workers = new HashMap<>();
  final List<Process> others = new ArrayList<>();
  ApiClient api;
  String dbUrl;

  @BeforeAll
  void buildTheHosts() throws Exception {
    NetworkHostsGate.require();
    dir = Files.createTempDirectory("intake-hosts");
    net =
        new NetworkHosts()
            .network("db")
            .network("s3")
            .network("front")
            .host("db", 10, "db")
            .host("s3", 11, "s3")
            .host("api", 12, "db", "s3", "front")
            .host("w1", 13, "db", "s3")
            .host("w2", 14, "db", "s3");
    postgres = startPostgres();
    dbUrl = "jdbc:postgresql://" + net.address("db", "db") + ":5432/postgres?user=postgres";
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(dbUrl)) {
                return c.isValid(2);
              }
            });
    s3 = startS3();
    Map<String, String> env = env("api");
    env.put("INTAKE_HOST", net.address("api", "front"));
    env.put("INTAKE_PORT", "8080");
    env.put("INTAKE_API_KEY", KEY);
    env.put("TASK_WORKERS_AUTO_START", "false");
    apiProcess =
        IntakeProcess.start("serve", env, dir.resolve("api.log"), null, List.of(), net.on("api"));
    api = new ApiClient("http://" + net.address("api", "front") + ":8080", KEY);
    apiProcess.awaitHealthy(api, Duration.ofSeconds(120));
    startWorker("w1");
    startWorker("w2");
    awaitWorkers(2);
  }

  @AfterAll
  void tearDown() throws IOException {
    workers.values().forEach(IntakeProcess::close);
    if (apiProcess != null) {
      apiProcess.close();
    }
    for (Process p : new Process[] {s3, postgres}) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
    others.forEach(Process::destroyForcibly);
    if (net != null) {
      net.close();
    }
    Trees.delete(dir);
  }

  @Test
  @Order(1)
  void aWorkerCutOffWhileItHoldsAJobIsFencedAndTheOtherHostCompletesTheJob() throws Exception {
    // About 130 chunks of text: parsed in moments, embedded in groups of 16 over many seconds.
    ApiClient.Response r =
        api.upload("long.txt", dev.intake.testing.Documents.textBytes(11, 400), Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    String job = r.body().path("job_id").asText();
    JsonNode running = awaitMessage(job, "Embedding chunk");
    String holder = hostOf(running.path("worker_id").asText());
    String other = holder.equals("w1") ? "w2" : "w1";

    net.cut(holder, "db");
    net.cut(holder, "s3");
    JsonNode done = api.awaitFinished(job, Duration.ofMinutes(6));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(hostOf(done.path("worker_id").asText())).isEqualTo(other);
    assertThat(done.path("retry_count").asInt()).as("the lost lease counted").isPositive();
    assertThat(done.path("result").path("resumed_from_chunk").asInt())
        .as("the other host resumed from the checkpoint")
        .isPositive();
    int chunks = done.path("result").path("chunk_count").asInt();

    net.restore(holder, "db");
    net.restore(holder, "s3");
    IntakeProcess cutOff = workers.get(holder);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> cutOff.logText().contains("lost the lease; another worker owns the job now"));
    JsonNode after = api.get("/api/v1/jobs/" + job).body();
    assertThat(after.path("status").asText()).isEqualTo("completed");
    assertThat(after.path("worker_id").asText()).isEqualTo(done.path("worker_id").asText());
    assertThat(chunkRows(job))
        .as("the cut-off worker's late writes changed nothing")
        .isEqualTo(chunks);

    // It notices and serves again: with the other host stopped, it runs the next job.
    awaitWorkers(2);
    workers.remove(other).terminate();
    String next = upload(CORPUS.resolve("pdflatex-4-pages.pdf"), false);
    JsonNode served = api.awaitFinished(next, Duration.ofMinutes(3));
    assertThat(served.path("status").asText()).isEqualTo("completed");
    assertThat(hostOf(served.path("worker_id").asText())).isEqualTo(holder);
    startWorker(other); // for the faults that follow; they need not wait for it
  }

  @Test
  @Order(2)
  void theApiCutFromTheDatabaseAnswers503FastAndRecovers() throws Exception {
    assertThat(api.get("/api/v1/jobs?limit=1").status()).isEqualTo(200);
    net.cut("api", "db");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.get("/api/v1/jobs?limit=1").status() == 503);
      long t0 = System.nanoTime();
      ApiClient.Response r = api.get("/api/v1/jobs?limit=1");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body().path("error").path("code").asText()).isEqualTo("database_unavailable");
      assertThat(seconds).as("answered without waiting for the database").isLessThan(3.0);
      assertThat(api.get("/api/v1/health").body().path("database").path("status").asText())
          .isEqualTo("unavailable");
    } finally {
      net.restore("api", "db");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/api/v1/jobs?limit=1").status() == 200);
    String job = upload(CORPUS.resolve("multicolumn.pdf"), false);
    assertThat(api.awaitFinished(job, Duration.ofMinutes(3)).path("status").asText())
        .isEqualTo("completed");
  }

  @Test
  @Order(3)
  void aWorkerCutFromS3WhileItDownloadsHandsTheJobBackAndTheJobCompletes() throws Exception {
    // At 48 kbit/s the 80 KB download takes seconds, long enough to cut it in the middle.
    net.limitInbound("w1", "s3", "48kbit");
    net.limitInbound("w2", "s3", "48kbit");
    String job = upload(CORPUS.resolve("google-doc-document.pdf"), true);
    JsonNode downloading = awaitMessage(job, "Downloading");
    String holder = hostOf(downloading.path("worker_id").asText());
    net.cut(holder, "s3");
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  workers.get(holder).logText().contains("The blob store cannot be reached")
                      && workers.get(holder).logText().contains("handing the job back"));
    } finally {
      net.restore(holder, "s3");
    }
    JsonNode done = api.awaitFinished(job, Duration.ofMinutes(4));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(done.path("retry_count").asInt())
        .as("an unreachable blob store does not spend an attempt")
        .isZero();
  }

  // ---- the hosts

  private Process startPostgres() throws Exception {
    Path data = dir.resolve("pg");
    Files.createDirectories(data);
    NetworkHosts.run("chown", "-R", "postgres:postgres", dir.toString());
    NetworkHosts.run("chmod", "755", dir.toString());
    Path bin = NetworkHostsGate.PG_BIN;
    NetworkHosts.run(
        "runuser",
        "-u",
        "postgres",
        "--",
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8");
    Files.writeString(
        data.resolve("pg_hba.conf"),
        "host all all 10.0.0.0/8 trust\n",
        java.nio.file.StandardOpenOption.APPEND);
    List<String> cmd = new ArrayList<>(net.on("db"));
    cmd.addAll(
        List.of(
            "runuser",
            "-u",
            "postgres",
            "--",
            bin.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-c",
            "listen_addresses=" + net.address("db", "db"),
            "-c",
            "port=5432",
            "-c",
            "unix_socket_directories=" + data,
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200"));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("postgres.log").toFile())
        .start();
  }

  private Process startS3() throws Exception {
    List<String> cmd = new ArrayList<>(net.on("s3"));
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            S3Server.class.getName(),
            dir.resolve("s3-data").toString(),
            net.address("s3", "s3"),
            "9000",
            "intake"));
    Files.createDirectories(dir.resolve("s3-data"));
    Path log = dir.resolve("s3.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> !p.isAlive() || Files.readString(log).contains("S3 server listening"));
    assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
    return p;
  }

  private Map<String, String> env(String host) {
    Map<String, String> env = new HashMap<>(S3Server.credentialsEnv());
    env.put("INTAKE_DATABASE_URL", dbUrl);
    env.put("INTAKE_DATABASE_TIMEOUT", "2");
    env.put("INTAKE_DATA_DIR", dir.resolve(host).toString());
    env.put("INTAKE_BLOB_URL", "s3://intake/blobs");
    env.put("INTAKE_S3_ENDPOINT", "http://" + net.address("s3", "s3") + ":9000");
    env.put("INTAKE_S3_TIMEOUT", "2");
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "8"); // heartbeats on a loaded 2-core host come late
    env.put("TASK_RETRY_DELAY", "0.5");
    env.put("TASK_HEARTBEAT_INTERVAL", "1");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.2");
    return env;
  }

  private void startWorker(String host) {
    workers.put(
        host,
        IntakeProcess.start(
            "worker",
            env(host),
            dir.resolve(host + "-" + System.nanoTime() + ".log"),
            null,
            List.of(),
            net.on(host)));
  }

  private void awaitWorkers(int n) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> api.get("/api/v1/workers").body().path("workers").size() == n);
  }

  /** The host whose worker process runs as {@code workerId}. */
  private String hostOf(String workerId) {
    for (JsonNode w : api.get("/api/v1/workers").body().path("workers")) {
      if (w.path("worker_id").asText().equals(workerId)) {
        long pid = w.path("pid").asLong();
        for (Map.Entry<String, IntakeProcess> e : workers.entrySet()) {
          if (e.getValue().pid() == pid) {
            return e.getKey();
          }
        }
      }
    }
    throw new AssertionError("no live worker " + workerId);
  }

  private String upload(Path file, boolean force) {
    ApiClient.Response r = api.upload(file, force ? Map.of("force", "true") : Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
    return r.body().path("job_id").asText();
  }

  private JsonNode awaitMessage(String job, String prefix) {
    return await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> api.get("/api/v1/jobs/" + job).body(),
            j -> j.path("message").asText().startsWith(prefix));
  }

  private long chunkRows(String jobId) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl);
        var ps = c.prepareStatement("SELECT COUNT(*) FROM chunks WHERE job_id = ?")) {
      ps.setString(1, jobId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
