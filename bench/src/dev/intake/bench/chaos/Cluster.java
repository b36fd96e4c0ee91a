package dev.intake.bench.chaos;

import dev.intake.testing.IntakeProcess;
import dev.intake.testing.ProcessTreeMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The Intake processes of one scenario, in a temporary directory: each started from the build's
 * classpath under {@code -Xmx1g} with its own log and crash-log directory, its resident memory
 * (with its children's) sampled from start to end. Closing kills what still runs and deletes the
 * directory.
 */
final class Cluster implements AutoCloseable {
  final Path dir;
  private final List<IntakeProcess> processes = new CopyOnWriteArrayList<>();
  private final List<ProcessTreeMemory> memory = new ArrayList<>();
  private final List<Path> workDirs = new ArrayList<>();

  private static final Set<Cluster> OPEN = ConcurrentHashMap.newKeySet();

  static {
    // A chaos run stopped with Ctrl-C or SIGTERM leaves no intake process behind.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> OPEN.forEach(c -> c.processes.forEach(IntakeProcess::close))));
  }

  Cluster(String name) throws IOException {
    dir = Files.createTempDirectory("intake-chaos-" + name);
    OPEN.add(this);
  }

  /** The settings every process of the scenario shares: blobs in one place, short retry delay. */
  Map<String, String> env(String node) {
    Map<String, String> env = new HashMap<>();
    env.put("INTAKE_DATA_DIR", dir.resolve("data-" + node).toString());
    env.put("INTAKE_BLOB_DIR", dir.resolve("blobs").toString());
    env.put("TASK_RETRY_DELAY", "0.2");
    return env;
  }

  /** Starts {@code intake command} (serve or worker) with {@code env}. */
  IntakeProcess start(String command, Map<String, String> env) throws IOException {
    String name = command + "-" + processes.size();
    Path work = Files.createDirectories(dir.resolve(name));
    IntakeProcess p =
        IntakeProcess.start(
            command,
            env,
            dir.resolve(name + ".log"),
            work,
            List.of("-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log")));
    processes.add(p);
    memory.add(new ProcessTreeMemory(p.pid()));
    workDirs.add(work);
    return p;
  }

  /** The highest resident memory any one process (with its children) reached, in MB. */
  long peakRssMb() {
    return memory.stream().mapToLong(ProcessTreeMemory::peakMb).max().orElse(0);
  }

  /** JVM crash logs ({@code hs_err_pid*.log}) any process left. */
  int crashLogs() {
    int n = 0;
    for (Path work : workDirs) {
      try (Stream<Path> files = Files.list(work)) {
        n += (int) files.filter(f -> f.getFileName().toString().startsWith("hs_err")).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    OPEN.remove(this);
    processes.forEach(IntakeProcess::close);
    memory.forEach(ProcessTreeMemory::close);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
