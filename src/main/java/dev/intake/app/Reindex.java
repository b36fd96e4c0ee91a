package dev.intake.app;

import dev.intake.config.IntakeConfig;
import dev.intake.health.HealthRegistry;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.search.IndexFeeder;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import java.time.Clock;
import java.time.Duration;

/**
 * Rebuilds a node's search index from the database, the source of truth, for the embedding model
 * the node is configured with (whatever model the old index was built for).
 */
public final class Reindex {
  private Reindex() {}

  /** Returns the number of chunks in the rebuilt index. */
  public static long run(IntakeConfig config) {
    try (Database db =
            DatabaseUrl.open(config.databaseUrl(), config.dataDir(), config.databaseTimeout());
        SearchIndex index =
            SearchIndex.recreate(
                config.dataDir().resolve("index"),
                EmbeddingSetup.modelName(config.embedding()),
                EmbeddingSetup.dimensions(config.embedding()))) {
      IndexFeeder feeder =
          new IndexFeeder(
              new JdbcJobStore(db),
              new JdbcJobReader(db),
              index,
              Duration.ofSeconds(1),
              new HealthRegistry(Clock.systemUTC()),
              () -> {});
      feeder.rebuild();
      return index.chunkCount();
    }
  }
}
