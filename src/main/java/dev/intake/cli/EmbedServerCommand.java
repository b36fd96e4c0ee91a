package dev.intake.cli;

import dev.intake.config.ConfigException;
import dev.intake.config.IntakeConfig;
import dev.intake.embedserver.EmbeddingServer;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code intake embed-server}: the in-process embedding model served on {@code /v1/embeddings} (the
 * OpenAI protocol), for workers configured with {@code INTAKE_EMBEDDING_URL}.
 */
@Command(
    name = "embed-server",
    description =
        "Serve the embedding model on /v1/embeddings (OpenAI protocol) for remote workers.")
final class EmbedServerCommand implements Callable<Integer> {
  /** Requests in progress at once; more are answered 429 and sent again by the client. */
  private static final int MAX_REQUESTS = 64;

  @Option(names = "--host", description = "Bind address (INTAKE_HOST, default 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "Port (INTAKE_PORT, default 8080)")
  Integer port;

  @Override
  public Integer call() throws Exception {
    Map<String, String> vars = new HashMap<>(System.getenv());
    NodeOptions.put(vars, "INTAKE_HOST", host);
    NodeOptions.put(vars, "INTAKE_PORT", port == null ? null : port.toString());
    IntakeConfig config;
    try {
      config = IntakeConfig.from(vars);
    } catch (ConfigException e) {
      return NodeOptions.reportConfigError(e);
    }
    MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(config.embedParallelism());
    EmbeddingServer server =
        new EmbeddingServer(
            model,
            new EmbeddingServer.Settings(
                config.host(), config.port(), config.apiKey(), MAX_REQUESTS));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close(); // no new requests, then the model waits for those in progress
                  model.close();
                  stopped.countDown();
                },
                "embed-server-shutdown"));
    System.out.println(
        "Intake embedding server listening on http://"
            + config.host()
            + ":"
            + server.port()
            + "/v1/embeddings (model "
            + model.name()
            + ", "
            + model.dimensions()
            + " dimensions)");
    stopped.await();
    return 0;
  }
}
