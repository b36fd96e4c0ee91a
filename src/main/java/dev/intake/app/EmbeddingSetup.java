package dev.intake.app;

import dev.intake.config.ConfigException;
import dev.intake.config.EmbeddingConfig;
import dev.intake.health.HealthRegistry;
import dev.intake.os.BackgroundPriority;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.pipeline.embed.OpenAiCompatibleEmbeddingModel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the embedding model a process is configured for: the in-process ONNX model, or a remote
 * OpenAI-compatible endpoint. A remote endpoint is checked at start-up with one request: vectors of
 * another length than {@code INTAKE_EMBEDDING_DIMENSIONS}, or a refusal (a wrong key, an unknown
 * model), stop the process with a message that says what to change. An endpoint that cannot be
 * reached yet does not: the process starts, reports part {@value #HEALTH_PART} down, and jobs wait
 * for the endpoint ({@code engine.ServiceWait}).
 */
final class EmbeddingSetup {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingSetup.class);

  /** The part of the health registry the remote endpoint reports under. */
  static final String HEALTH_PART = "embedding";

  private EmbeddingSetup() {}

  /** The name of the model {@code config} chooses, without opening it. */
  static String modelName(EmbeddingConfig config) {
    return config.remote() ? config.model() : MiniLmEmbeddingModel.NAME;
  }

  /** The length of the vectors of the model {@code config} chooses, without opening it. */
  static int dimensions(EmbeddingConfig config) {
    return config.remote() ? config.dimensions() : MiniLmEmbeddingModel.DIMENSIONS;
  }

  static EmbeddingModel open(
      EmbeddingConfig config,
      int inProcessThreads,
      BackgroundPriority priority,
      HealthRegistry health) {
    if (!config.remote()) {
      return new MiniLmEmbeddingModel(inProcessThreads, priority);
    }
    OpenAiCompatibleEmbeddingModel model =
        new OpenAiCompatibleEmbeddingModel(
            new OpenAiCompatibleEmbeddingModel.Settings(
                config.url(),
                config.model(),
                config.apiKey(),
                config.dimensions(),
                config.timeout(),
                config.batchSize(),
                config.concurrency()));
    try {
      check(model, config);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    model
        .status()
        .subscribe(
            (available, reason) -> {
              if (available) {
                health.ok(HEALTH_PART);
              } else {
                health.down(HEALTH_PART, reason);
              }
            });
    return model;
  }

  private static void check(OpenAiCompatibleEmbeddingModel model, EmbeddingConfig config) {
    int got;
    try {
      got = model.probeDimensions();
    } catch (IngestException e) {
      if (e.isPermanent()) {
        throw new ConfigException(
            List.of(
                "The embedding endpoint INTAKE_EMBEDDING_URL ("
                    + config.url()
                    + ") refused the start-up check for model "
                    + config.model()
                    + ": "
                    + e.getMessage()));
      }
      log.warn(
          "the embedding endpoint {} cannot be used at start-up ({}); jobs wait for it",
          config.url(),
          e.getMessage());
      return;
    }
    if (got != config.dimensions()) {
      throw new ConfigException(
          List.of(
              "INTAKE_EMBEDDING_DIMENSIONS is "
                  + config.dimensions()
                  + ", but the endpoint "
                  + config.url()
                  + " returns "
                  + got
                  + "-dimensional vectors for model "
                  + config.model()
                  + ": set INTAKE_EMBEDDING_DIMENSIONS="
                  + got
                  + " (and rebuild the search index: intake reindex), or point"
                  + " INTAKE_EMBEDDING_URL/INTAKE_EMBEDDING_MODEL at the model the index was built"
                  + " with"));
    }
    log.info(
        "embedding endpoint {} serves model {} with {} dimensions",
        config.url(),
        config.model(),
        got);
  }
}
