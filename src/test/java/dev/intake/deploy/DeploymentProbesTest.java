package dev.intake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.intake.app.IntakeNode;
import dev.intake.config.IntakeConfig;
import dev.intake.deploy.IntakeContainer.Probe;
import dev.intake.testing.IntakeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Intake container of {@code deploy/kubernetes/} started as a real node in this JVM with the
 * settings its files give it (only the database, the bucket and the ports replaced by local ones):
 * every probe's port is the port that role listens on, every probe's path answers 200, the scrape
 * annotations point at {@code /metrics}, the autoscaler's metric is among those served, and the
 * image's HEALTHCHECK script passes against the node and fails against nothing.
 */
class DeploymentProbesTest {
  private static final Duration START = Duration.ofMinutes(3);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void everyProbeAnswersOnANodeStartedWithItsContainersSettings() throws Exception {
    List<IntakeContainer> containers = IntakeContainer.kubernetes();
    assertThat(containers).anyMatch(IntakeContainer::isApi).anyMatch(IntakeContainer::isWorker);
    String hpaMetric =
        Yamls.string(
            Yamls.map(
                Yamls.list(
                        Yamls.at(
                            DeploymentFiles.kubernetes("HorizontalPodAutoscaler").getFirst().body(),
                            "spec",
                            "metrics"))
                    .getFirst()),
            "external",
            "metric",
            "name");
    for (IntakeContainer c : containers) {
      IntakeConfig declared = IntakeConfig.from(c.environment());
      int declaredPort = c.isWorker() ? declared.workerPort().number() : declared.port();
      try (IntakeNode node = start(c, Files.createTempDirectory(dir, "node"))) {
        int served = c.isWorker() ? node.workerPort() : node.port();
        assertThat(c.probes()).as(c.where() + " has probes").hasSizeGreaterThanOrEqualTo(2);
        for (Probe probe : c.probes()) {
          Integer port =
              probe.port() instanceof Integer n ? n : c.ports().get(String.valueOf(probe.port()));
          assertThat(port)
              .as(
                  "%s %s port %s: the port this role listens on (%s)",
                  c.where(),
                  probe.kind(),
                  probe.port(),
                  c.isWorker() ? "INTAKE_WORKER_PORT" : "INTAKE_PORT")
              .isEqualTo(declaredPort);
          // Not listening yet (-1) or not ready yet (503): wait; any other answer is final.
          int status =
              await(c.where() + " " + probe.kind() + " " + probe.path())
                  .atMost(START)
                  .pollInterval(Duration.ofMillis(250))
                  .until(() -> get(served, probe.path(), null), s -> s != -1 && s != 503);
          assertThat(status)
              .as("%s %s GET %s on port %d", c.where(), probe.kind(), probe.path(), served)
              .isEqualTo(200);
        }
        Map<String, String> a = c.annotations();
        assertThat(a.get("prometheus.io/port")).isEqualTo(Integer.toString(declaredPort));
        HttpResponse<String> scrape = send(served, a.get("prometheus.io/path"), declared.apiKey());
        assertThat(scrape.statusCode()).as(c.where() + " metrics with the key").isEqualTo(200);
        if (c.isWorker()) {
          assertThat(scrape.body())
              .as("the autoscaler's metric is served by the workers it scales")
              .contains(hpaMetric + "{");
        }
        healthcheckPasses(
            c.isWorker() ? closedPort() : served, c.isWorker() ? served : closedPort());
      }
    }
    assertThat(healthcheck(closedPort(), closedPort()))
        .as("the HEALTHCHECK fails where nothing answers")
        .isNotZero();
  }

  private static IntakeNode start(IntakeContainer c, Path dataDir) throws IOException {
    Map<String, String> env = new HashMap<>(c.environment());
    // Local stand-ins for what the cluster provides: the embedded database and a directory.
    for (String name :
        List.of("INTAKE_DATABASE_URL", "INTAKE_BLOB_URL", "INTAKE_S3_ENDPOINT", "AWS_REGION")) {
      env.remove(name);
    }
    env.put("INTAKE_DATA_DIR", dataDir.toString());
    env.put("INTAKE_HOST", "127.0.0.1");
    env.put("INTAKE_PORT", "0");
    env.put("INTAKE_WORKER_PORT", "0");
    if (c.args().contains("--no-workers")) {
      env.put("TASK_WORKERS_AUTO_START", "false");
    }
    return IntakeNode.start(
        IntakeConfig.from(env),
        c.isWorker() ? IntakeNode.Role.WORKER : IntakeNode.Role.SERVE,
        Clock.systemUTC());
  }

  private int get(int port, String path, String key) {
    try {
      return send(port, path, key).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> send(int port, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void healthcheckPasses(int apiPort, int workerPort) throws Exception {
    assertThat(healthcheck(apiPort, workerPort))
        .as("deploy/docker/healthcheck.sh (API port %d, worker port %d)", apiPort, workerPort)
        .isZero();
  }

  /** Runs the image's HEALTHCHECK script here, with the ports it should look at. */
  private static int healthcheck(int apiPort, int workerPort) throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
        "the HEALTHCHECK script needs curl");
    ProcessBuilder pb =
        new ProcessBuilder(
            "sh", DeploymentFiles.ROOT.resolve("deploy/docker/healthcheck.sh").toString());
    pb.environment().put("INTAKE_PORT", Integer.toString(apiPort));
    pb.environment().put("INTAKE_WORKER_PORT", Integer.toString(workerPort));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  /** A port nothing listens on (it was free a moment ago). */
  private static int closedPort() {
    return IntakeProcess.freePort();
  }
}
