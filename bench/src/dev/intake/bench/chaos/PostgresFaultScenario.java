package dev.intake.bench.chaos;

import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.HealthMonitor;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.TcpProxy;
import dev.intake.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL goes away while documents are being embedded: a server restart ({@code pg_ctlcluster
 * restart} when run as root, otherwise the proxy refusing connections and resetting open ones for 5
 * s), or a 60 s outage (the proxy holds every byte, as a cut network does). Recovery is the time
 * from the database's return until {@code /health} says it is reachable and an upload is accepted
 * again.
 */
final class PostgresFaultScenario implements Scenario {
  enum Kind {
    RESTART,
    OUTAGE
  }

  static final int DOCUMENTS = 6;
  static final Duration OUTAGE = Duration.ofSeconds(60);
  static final Duration PROXY_RESTART = Duration.ofSeconds(5);

  private final Kind kind;

  PostgresFaultScenario(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind == Kind.RESTART ? "pg-restart" : "pg-outage";
  }

  @Override
  public String run(ChaosOptions options) throws Exception {
    boolean realRestart = kind == Kind.RESTART && options.restartPostgres() && canRestartServer();
    String schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // migrated directly; the node reaches it through the proxy
    }
    String url = TestDatabases.postgresUrlFor(schema);
    try (TcpProxy proxy = TcpProxy.toTestPostgres();
        Cluster cluster = new Cluster(name())) {
      int port = IntakeProcess.freePort();
      Map<String, String> env = cluster.env("serve");
      env.put("INTAKE_PORT", Integer.toString(port));
      env.put("INTAKE_DATABASE_URL", realRestart ? url : proxy.redirect(url));
      env.put("TASK_MAX_WORKERS", "2");
      IntakeProcess server = cluster.start("serve", env);
      ApiClient api = new ApiClient(port);
      server.awaitHealthy(api, Duration.ofMinutes(2));
      try (HealthMonitor health = new HealthMonitor(port)) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
          jobs.add(Uploads.accepted(api, "doc-" + i + ".txt", Documents.textBytes(i, 200)));
        }
        Waits.timeUntil(Duration.ofMinutes(3), "embedding", () -> Waits.embedding(api));
        long t0 = System.nanoTime();
        String fault = fault(proxy, realRestart);
        Duration down = Duration.ofNanos(System.nanoTime() - t0);
        Duration recover =
            Waits.timeUntil(Duration.ofMinutes(2), "recovery", () -> recovered(api, jobs));
        JobAudit audit = JobAudit.of(api, jobs, url, Duration.ofMinutes(5));
        Figures figures =
            new Figures(audit, Figures.seconds(recover), cluster.peakRssMb(), health.longestGap());
        return "## "
            + title()
            + "\n\n"
            + fault
            + " for "
            + Figures.seconds(down)
            + " s while "
            + DOCUMENTS
            + " text documents (about 60 chunks each) were being embedded by one"
            + " `intake serve` (2 workers, `-Xmx1g`, PostgreSQL). Seconds to recover: from the"
            + " database's return until `/health` reports it reachable and an upload is"
            + " accepted (that upload's job is among the jobs counted). The longest `/health`"
            + " gap is the longest time without an answer (any status) to a request sent every"
            + " second.\n\n"
            + figures.table();
      }
    } finally {
      TestDatabases.dropSchema(schema);
    }
  }

  private String title() {
    return kind == Kind.RESTART
        ? "PostgreSQL restart during embedding (`pg-restart`)"
        : "A 60 s PostgreSQL outage during embedding (`pg-outage`)";
  }

  private String fault(TcpProxy proxy, boolean realRestart) throws Exception {
    if (kind == Kind.OUTAGE) {
      proxy.blackHole();
      Waits.sleep(OUTAGE);
      proxy.restore();
      return "The network to PostgreSQL was cut (a proxy held every byte both ways)";
    }
    if (realRestart) {
      String version = versions().getFirst();
      Process p =
          new ProcessBuilder(
                  "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("pg_ctlcluster restart exited with " + p.exitValue());
      }
      return "The PostgreSQL " + version + " server was restarted (`pg_ctlcluster restart`)";
    }
    proxy.refuse();
    Waits.sleep(PROXY_RESTART);
    proxy.restore();
    return "PostgreSQL was restarted as the network sees it (a proxy refused new connections and"
        + " reset the open ones; not running as root, the real server was left alone)";
  }

  /** The database is reachable again by /health's account, and an upload is accepted. */
  private static boolean recovered(ApiClient api, List<String> jobs) {
    ApiClient.Response h = api.get("/api/v1/health");
    if (h.status() != 200
        || h.body().path("database").path("status").asText().equals("unavailable")) {
      return false;
    }
    ApiClient.Response r = api.upload("after.txt", Documents.textBytes(999, 3), Map.of());
    if (r.status() != 202) {
      return false;
    }
    jobs.add(r.body().path("job_id").asText());
    return true;
  }

  private static boolean canRestartServer() throws IOException {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))
        && !versions().isEmpty();
  }

  private static List<String> versions() throws IOException {
    Path etc = Path.of("/etc/postgresql");
    if (!Files.isDirectory(etc)) {
      return List.of();
    }
    try (var dirs = Files.list(etc)) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
  }
}
