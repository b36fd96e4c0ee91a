package dev.intake.cli;

import dev.intake.app.IntakeNode;
import dev.intake.config.ConfigException;
import dev.intake.engine.MemoryGuard;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code intake serve}: the HTTP API, search and (by default) an in-process worker pool. */
@Command(name = "serve", description = "Run the HTTP API (and in-process workers unless disabled).")
final class ServeCommand implements Callable<Integer> {
  @Mixin NodeOptions node = new NodeOptions();

  @Option(names = "--host", description = "Bind address (INTAKE_HOST, default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "Port (INTAKE_PORT, default 8080)")
  Integer port;

  @Option(
      names = "--no-workers",
      description = "Run no in-process workers (TASK_WORKERS_AUTO_START=false)")
  boolean noWorkers;

  @Override
  public Integer call() throws Exception {
    Map<String, String> extra = new HashMap<>();
    NodeOptions.put(extra, "INTAKE_HOST", host);
    NodeOptions.put(extra, "INTAKE_PORT", port == null ? null : port.toString());
    if (noWorkers) {
      extra.put("TASK_WORKERS_AUTO_START", "false");
    }
    try {
      return run(IntakeNode.Role.SERVE, node.config(extra));
    } catch (ConfigException e) {
      return NodeOptions.reportConfigError(e);
    }
  }

  /**
   * Runs a node until the process is told to stop (SIGTERM/SIGINT), then shuts it down gracefully:
   * the shutdown hook hands running jobs back and closes the model only after inference returned,
   * so the process ends with 143 (or 0). Repeated out-of-memory errors end it the same way, with
   * {@link MemoryGuard#EXIT_CODE}, for a process supervisor to start a fresh one.
   */
  static int run(IntakeNode.Role role, dev.intake.config.IntakeConfig config) throws Exception {
    IntakeNode n =
        IntakeNode.start(
            config,
            role,
            Clock.systemUTC(),
            // Not on the thread that saw the error: exit runs the shutdown hook, which waits for
            // the worker threads.
            () ->
                Thread.ofPlatform()
                    .name("out-of-memory-exit")
                    .start(() -> System.exit(MemoryGuard.EXIT_CODE)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  n.close();
                  stopped.countDown();
                },
                "intake-shutdown"));
    if (role == IntakeNode.Role.SERVE) {
      System.out.println(
          "Intake is listening on http://" + config.host() + ":" + n.port() + "/api/v1");
    } else {
      System.out.println(
          "Intake worker running with "
              + config.maxWorkers()
              + " workers; health and metrics on http://"
              + config.host()
              + ":"
              + n.workerPort()
              + "/health and /metrics");
    }
    stopped.await();
    return 0;
  }
}
