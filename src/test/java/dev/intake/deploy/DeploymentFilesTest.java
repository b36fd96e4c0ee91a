package dev.intake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import dev.intake.cli.Main;
import dev.intake.config.IntakeConfig;
import dev.intake.deploy.DeploymentFiles.KubeObject;
import dev.intake.deploy.DeploymentFiles.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Dockerfile, {@code deploy/compose.yaml} and {@code deploy/kubernetes/} checked against the
 * code they deploy: the variables they set are ones Intake reads, with values it accepts; the
 * commands are ones the command line takes; memory limits hold the heaps and the model; workers get
 * longer to stop than their jobs get to finish; the objects refer to each other by the right names;
 * and the image builds the jar it runs, as a user other than root. The probes are checked against
 * started nodes in {@link DeploymentProbesTest}.
 */
class DeploymentFilesTest {

  /**
   * What a worker JVM holds beyond its {@code -Xmx} and the model file: metaspace, code cache,
   * thread stacks, the ONNX runtime and its session, the tokenizer, buffers. Measured
   * (docs/DEPLOYMENT.md, "Sizing"), with a margin.
   */
  static final long WORKER_NATIVE_MB = 400;

  /** What a parser process holds beyond its heap (measured, with a margin). */
  static final long PARSER_NATIVE_MB = 160;

  /** What an API JVM holds beyond its {@code -Xmx} and the model file (measured, with a margin). */
  static final long API_NATIVE_MB = 400;

  /**
   * After TASK_SHUTDOWN_GRACE a stopping worker waits 3 s for its jobs to reach a safe point and be
   * handed back, then the model waits up to 10 s for inference in progress; then the JVM exits.
   */
  static final long STOP_AFTER_GRACE_SECONDS = 15;

  @Test
  void everyVariableTheFilesSetIsOneIntakeReads() {
    Set<String> known = KnownVariables.all();
    List<String> unknown = new ArrayList<>();
    List<IntakeContainer> containers = new ArrayList<>(IntakeContainer.kubernetes());
    containers.addAll(IntakeContainer.compose());
    for (IntakeContainer c : containers) {
      for (String name : c.names()) {
        if (!known.contains(name)) {
          unknown.add(name + " (" + c.where() + ")");
        }
      }
    }
    for (Stage stage : DeploymentFiles.dockerfile()) {
      for (var env : stage.all("ENV")) {
        for (String name : envNames(env.args())) {
          if (!known.contains(name) && !name.equals("PATH")) {
            unknown.add(name + " (Dockerfile ENV)");
          }
        }
      }
    }
    assertThat(unknown)
        .as("variables no part of Intake reads (a typo, or a setting that was renamed)")
        .isEmpty();
    assertThat(containers).hasSizeGreaterThanOrEqualTo(5); // 2 Deployments, 3 Compose services
  }

  @Test
  void everyContainerEnvironmentIsAValidConfiguration() {
    List<IntakeContainer> containers = new ArrayList<>(IntakeContainer.kubernetes());
    containers.addAll(IntakeContainer.compose());
    for (IntakeContainer c : containers) {
      Map<String, String> env = new HashMap<>(c.environment());
      if (c.args().contains("--no-workers")) {
        env.put("TASK_WORKERS_AUTO_START", "false");
      }
      assertThatCode(() -> IntakeConfig.from(env)).as(c.where()).doesNotThrowAnyException();
      IntakeConfig config = IntakeConfig.from(env);
      assertThat(config.blob().isS3()).as(c.where() + " keeps uploads in a bucket").isTrue();
      assertThat(config.embeddedStore()).as(c.where() + " uses PostgreSQL").isFalse();
      assertThat(config.host()).as(c.where() + " listens beyond loopback").isEqualTo("0.0.0.0");
    }
  }

  @Test
  void everyCommandIsOneTheCommandLineAccepts() {
    List<IntakeContainer> containers = new ArrayList<>(IntakeContainer.kubernetes());
    containers.addAll(IntakeContainer.compose());
    for (IntakeContainer c : containers) {
      assertThat(c.isApi() || c.isWorker()).as(c.where() + " runs serve or worker").isTrue();
      assertThatCode(() -> new CommandLine(new Main()).parseArgs(c.args().toArray(String[]::new)))
          .as(c.where() + " " + c.args())
          .doesNotThrowAnyException();
      if (c.isApi()) {
        assertThat(c.args()).as(c.where() + ": workers run elsewhere").contains("--no-workers");
      }
    }
    assertThat(containers.stream().filter(IntakeContainer::isWorker).count())
        .isGreaterThanOrEqualTo(3); // the Deployment and two Compose services
  }

  @Test
  void memoryLimitsHoldTheHeapsAndTheModel() {
    long model = modelBytes();
    List<IntakeContainer> containers = new ArrayList<>(IntakeContainer.kubernetes());
    containers.addAll(IntakeContainer.compose());
    for (IntakeContainer c : containers) {
      Map<String, String> env = new HashMap<>(c.environment());
      IntakeConfig config = IntakeConfig.from(env);
      long heap = maxHeap(c);
      long needed;
      if (c.isWorker()) {
        long parsers =
            Math.max(1, config.maxWorkers()) * (config.parserHeapMb() + PARSER_NATIVE_MB);
        needed = heap + model + ((WORKER_NATIVE_MB + parsers) << 20);
      } else {
        needed = heap + model + (API_NATIVE_MB << 20);
      }
      assertThat(c.memoryLimit())
          .as(
              "%s: memory limit %d MB, needs %d MB (heap %d MB, model %d MB, parser processes"
                  + " %d x %d MB heap)",
              c.where(),
              c.memoryLimit() >> 20,
              needed >> 20,
              heap >> 20,
              model >> 20,
              c.isWorker() ? config.maxWorkers() : 0,
              config.parserHeapMb())
          .isGreaterThanOrEqualTo(needed);
      if (c.memoryRequest() >= 0) {
        assertThat(c.memoryRequest()).as(c.where()).isLessThanOrEqualTo(c.memoryLimit());
      }
    }
  }

  @Test
  void workersGetLongerToStopThanTheirJobsGetToFinish() {
    List<IntakeContainer> containers = new ArrayList<>(IntakeContainer.kubernetes());
    containers.addAll(IntakeContainer.compose());
    List<IntakeContainer> workers = containers.stream().filter(IntakeContainer::isWorker).toList();
    assertThat(workers).isNotEmpty();
    for (IntakeContainer w : workers) {
      long grace = IntakeConfig.from(w.environment()).shutdownGrace().toSeconds();
      assertThat(w.stopGraceSeconds())
          .as(
              "%s: time to stop (terminationGracePeriodSeconds / stop_grace_period) against"
                  + " TASK_SHUTDOWN_GRACE %d s + %d s",
              w.where(), grace, STOP_AFTER_GRACE_SECONDS)
          .isGreaterThan(grace + STOP_AFTER_GRACE_SECONDS);
    }
  }

  @Test
  void theKubernetesObjectsReferToEachOther() {
    KubeObject api = DeploymentFiles.kubernetes("Deployment", "intake-api");
    KubeObject worker = DeploymentFiles.kubernetes("Deployment", "intake-worker");
    KubeObject service = DeploymentFiles.kubernetes("Service", "intake-api");
    assertThat(labels(api))
        .containsAllEntriesOf(strings(Yamls.at(service.body(), "spec", "selector")));
    assertThat(labels(worker))
        .as("the API Service must not send requests to workers")
        .doesNotContainEntry("app.kubernetes.io/component", "api");
    IntakeContainer apiContainer =
        IntakeContainer.kubernetes().stream()
            .filter(IntakeContainer::isApi)
            .findFirst()
            .orElseThrow();
    for (Object p : Yamls.list(Yamls.at(service.body(), "spec", "ports"))) {
      Object target = Yamls.map(p).get("targetPort");
      Integer port =
          target instanceof Integer n ? n : apiContainer.ports().get(String.valueOf(target));
      assertThat(port).as("Service port " + target).isEqualTo(8080);
      assertThat(port)
          .as("the Service's target port is the API's INTAKE_PORT")
          .isEqualTo(IntakeConfig.from(apiContainer.environment()).port());
    }
    for (KubeObject pdb : DeploymentFiles.kubernetes("PodDisruptionBudget")) {
      Map<String, String> selector =
          strings(Yamls.at(pdb.body(), "spec", "selector", "matchLabels"));
      assertThat(List.of(labels(api), labels(worker)))
          .as("PodDisruptionBudget " + pdb.name() + " selects the pods of a Deployment")
          .anySatisfy(l -> assertThat(l).containsAllEntriesOf(selector));
    }
    for (KubeObject d : List.of(api, worker)) {
      Map<String, String> selector = strings(Yamls.at(d.body(), "spec", "selector", "matchLabels"));
      assertThat(selector).as(d.name() + " selects its own pods").isNotEmpty();
      assertThat(labels(d)).containsAllEntriesOf(selector);
    }
    KubeObject hpa = DeploymentFiles.kubernetes("HorizontalPodAutoscaler").getFirst();
    assertThat(Yamls.string(hpa.body(), "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
    assertThat(Yamls.string(hpa.body(), "spec", "scaleTargetRef", "name")).isEqualTo(worker.name());
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    Map<String, Object> k =
        Yamls.map(
            new org.yaml.snakeyaml.Yaml()
                .load(
                    DeploymentFiles.read(
                        DeploymentFiles.KUBERNETES.resolve("kustomization.yaml"))));
    Set<String> listed = new TreeSet<>();
    Yamls.list(k.get("resources")).forEach(r -> listed.add(String.valueOf(r)));
    Set<String> files = new TreeSet<>();
    try (Stream<Path> all = Files.list(DeploymentFiles.KUBERNETES)) {
      all.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(files::add);
    }
    assertThat(listed).isEqualTo(files);
  }

  @Test
  void theImageBuildsTheJarItRunsAsAUserOtherThanRoot() {
    List<Stage> stages = DeploymentFiles.dockerfile();
    assertThat(stages).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
    Stage build = stages.getFirst();
    Stage runtime = stages.getLast();
    assertThat(build.image()).contains("maven").contains("temurin-21");
    assertThat(build.name()).isNotNull();
    assertThat(String.join(" ", build.all("RUN").stream().map(i -> i.args()).toList()))
        .contains("mvn")
        .contains("package");
    assertThat(runtime.image()).matches("eclipse-temurin:21-jre.*");

    // The jar the runtime stage copies is the one the Maven build makes.
    String jar = "target/" + finalName() + ".jar";
    String copied = null;
    for (var copy : runtime.all("COPY")) {
      String[] parts = copy.args().split("\\s+");
      if (parts[0].equals("--from=" + build.name())) {
        assertThat(parts[1]).endsWith("/" + jar);
        copied = parts[2];
      }
    }
    assertThat(copied).as("the runtime stage copies " + jar + " from the build").isNotNull();
    String entrypoint =
        DeploymentFiles.read(DeploymentFiles.ROOT.resolve("deploy/docker/intake.sh"));
    assertThat(entrypoint).contains("jar=" + copied).contains("-jar \"$jar\"");
    assertThat(entrypoint).as("the JVM options hook").contains("${INTAKE_JAVA_OPTS");
    assertThat(runtime.all("ENTRYPOINT").getLast().args())
        .contains(scriptTarget(runtime, "deploy/docker/intake.sh"));
    assertThat(runtime.all("HEALTHCHECK").getLast().args())
        .contains(scriptTarget(runtime, "deploy/docker/healthcheck.sh"));

    String user = runtime.all("USER").getLast().args().split(":")[0];
    assertThat(user).isNotIn("root", "0");
    assertThat(user).as("numeric, so Kubernetes can check runAsNonRoot").matches("[1-9][0-9]*");
    for (KubeObject d : DeploymentFiles.kubernetes("Deployment")) {
      assertThat(Yamls.at(d.body(), "spec", "template", "spec", "securityContext", "runAsUser"))
          .as(d.name() + " runs as the image's user")
          .isEqualTo(Integer.parseInt(user));
    }

    assertThat(String.join(" ", runtime.all("RUN").stream().map(i -> i.args()).toList()))
        .as("OCR in the image")
        .contains("tesseract-ocr");
    IntakeConfig defaults = IntakeConfig.from(Map.of());
    assertThat(runtime.all("EXPOSE").getLast().args().split("\\s+"))
        .containsExactlyInAnyOrder(
            Integer.toString(defaults.port()), Integer.toString(defaults.workerPort().number()));
  }

  @Test
  void theBuildContextHoldsWhatTheDockerfileCopies() {
    List<String> patterns =
        DeploymentFiles.read(DeploymentFiles.ROOT.resolve(".dockerignore"))
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    for (Stage stage : DeploymentFiles.dockerfile()) {
      for (var copy : stage.all("COPY")) {
        String[] parts = copy.args().split("\\s+");
        if (parts[0].startsWith("--from=")) {
          continue;
        }
        String source = parts[0].startsWith("--") ? parts[1] : parts[0];
        assertThat(Files.exists(DeploymentFiles.ROOT.resolve(source))).as(source).isTrue();
        assertThat(ignored(patterns, source))
            .as(source + " is left out by .dockerignore")
            .isFalse();
      }
    }
    assertThat(ignored(patterns, "target/intake.jar")).as("a local build stays out").isTrue();
    assertThat(ignored(patterns, "data/intake.db")).isTrue();
  }

  @Test
  void composeWiresTheServicesByTheirNames() {
    Map<String, Object> services = Yamls.map(DeploymentFiles.compose().get("services"));
    for (IntakeContainer c : IntakeContainer.compose()) {
      IntakeConfig config = IntakeConfig.from(c.environment());
      String bucket = config.blob().s3().bucket();
      assertThat(String.valueOf(Yamls.list(Yamls.map(services.get("minio-init")).get("command"))))
          .as("the init container creates the bucket " + c.where() + " uses")
          .contains("mb --ignore-existing store/" + bucket);
      URI s3 = config.blob().s3().endpoint();
      assertThat(services).containsKey(s3.getHost());
      assertThat(s3.getPort()).isEqualTo(9000);
      URI db = URI.create(config.databaseUrl());
      assertThat(services).containsKey(db.getHost());
      Map<String, Object> postgres = Yamls.map(services.get(db.getHost()));
      assertThat(db.getPath())
          .isEqualTo("/" + Yamls.string(postgres, "environment", "POSTGRES_DB"));
      assertThat(db.getUserInfo())
          .startsWith(Yamls.string(postgres, "environment", "POSTGRES_USER") + ":");
      assertThat(c.environment().get("AWS_ACCESS_KEY_ID"))
          .isEqualTo(
              Yamls.string(
                  Yamls.map(services.get(s3.getHost())), "environment", "MINIO_ROOT_USER"));
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The worker or API JVM's -Xmx, from INTAKE_JAVA_OPTS; a limit cannot be checked without it. */
  static long maxHeap(IntakeContainer c) {
    String opts = c.environment().getOrDefault("INTAKE_JAVA_OPTS", "");
    Matcher m = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)").matcher(opts);
    long heap = -1;
    while (m.find()) {
      heap = IntakeContainer.bytes(m.group(1) + m.group(2).toLowerCase());
    }
    if (heap < 0) {
      fail(c.where() + ": INTAKE_JAVA_OPTS sets no -Xmx; the memory limit cannot be checked");
    }
    return heap;
  }

  /** The size of the embedding model the jar carries. */
  static long modelBytes() {
    try (InputStream in =
        DeploymentFilesTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
      assertThat(in).as("the model is a resource of the jar").isNotNull();
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String finalName() {
    try {
      var doc =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(DeploymentFiles.ROOT.resolve("pom.xml").toFile());
      return doc.getElementsByTagName("finalName").item(0).getTextContent().strip();
    } catch (Exception e) {
      throw new AssertionError("pom.xml: " + e.getMessage(), e);
    }
  }

  /** Where the Dockerfile copies {@code source} to. */
  private static String scriptTarget(Stage stage, String source) {
    for (var copy : stage.all("COPY")) {
      String[] parts = copy.args().split("\\s+");
      if (parts[0].equals(source)) {
        return parts[1];
      }
    }
    throw new AssertionError("the Dockerfile does not copy " + source);
  }

  /** The names an ENV instruction sets ({@code A=1 B=2}, or the old {@code A 1}). */
  private static List<String> envNames(String args) {
    if (!args.contains("=")) {
      return List.of(args.split("\\s+")[0]);
    }
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(args);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Whether .dockerignore leaves {@code path} out: the last pattern matching it or a parent wins.
   */
  private static boolean ignored(List<String> patterns, String path) {
    boolean ignored = false;
    for (String pattern : patterns) {
      boolean exception = pattern.startsWith("!");
      String glob = (exception ? pattern.substring(1) : pattern).replaceAll("/+$", "");
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      for (Path p = Path.of(path); p != null; p = p.getParent()) {
        if (matcher.matches(p)) {
          ignored = !exception;
          break;
        }
      }
    }
    return ignored;
  }

  private static Map<String, String> labels(KubeObject deployment) {
    return strings(Yamls.at(deployment.body(), "spec", "template", "metadata", "labels"));
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new HashMap<>();
    if (o != null) {
      Yamls.map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }
}
