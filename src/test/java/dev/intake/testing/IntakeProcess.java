package dev.intake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@code intake} process (serve or worker) started from the test classpath, so tests can
 * kill it with SIGKILL like a crash would.
 */
public final class IntakeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private IntakeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static IntakeProcess start(String command, Map<String, String> env, Path log) {
    return start(command, env, log, null, List.of());
  }

  /**
   * Starts {@code intake command} in {@code workDir} (null: the test's own), with extra JVM options
   * such as {@code -XX:ErrorFile=…}.
   */
  public static IntakeProcess start(
      String command, Map<String, String> env, Path log, Path workDir, List<String> jvmOptions) {
    return start(command, env, log, workDir, jvmOptions, List.of());
  }

  /**
   * {@link #start(String, Map, Path, Path, List)} under a {@code launcher} such as {@code strace -f
   * -o …}: the process is then the launcher, and the JVM its child.
   */
  public static IntakeProcess start(
      String command,
      Map<String, String> env,
      Path log,
      Path workDir,
      List<String> jvmOptions,
      List<String> launcher) {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.intake.cli.Main");
    cmd.add(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return new IntakeProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the API answers its health check. */
  public void awaitHealthy(ApiClient api, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("intake exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        if (api.get("/api/v1/health").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    throw new AssertionError("intake did not become healthy:\n" + logText());
  }

  /**
   * Waits until the process has written a line matching {@code pattern} and returns its first
   * group: how a test learns the port a process bound when it was given port 0.
   */
  public String awaitOutput(java.util.regex.Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = pattern.matcher(logText());
      if (m.find()) {
        return m.group(1);
      }
      if (!process.isAlive()) {
        throw new AssertionError("intake exited with " + process.exitValue() + ":\n" + logText());
      }
      sleep(100);
    }
    throw new AssertionError("intake never wrote " + pattern + ":\n" + logText());
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, exactly like a crash. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the graceful path. */
  public void terminate() {
    process.destroy();
    waitFor();
  }

  /** Sends SIGTERM and returns at once. */
  public void signalTerm() {
    process.destroy();
  }

  /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it runs on. */
  public java.util.OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          ? java.util.OptionalInt.of(process.exitValue())
          : java.util.OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.OptionalInt.empty();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor();
    }
  }
}
