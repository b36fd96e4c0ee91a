package dev.intake.app;

import dev.intake.blob.LocalBlobStore;
import dev.intake.config.IntakeConfig;
import dev.intake.engine.JobEventBus;
import dev.intake.engine.JobHandler;
import dev.intake.engine.JobRunner;
import dev.intake.engine.Reaper;
import dev.intake.engine.RetryPolicy;
import dev.intake.engine.RunningJobs;
import dev.intake.engine.StopReason;
import dev.intake.engine.WakeSignal;
import dev.intake.engine.WorkerPool;
import dev.intake.http.ApiServer;
import dev.intake.http.DocumentEndpoints;
import dev.intake.http.EventStream;
import dev.intake.http.JobEndpoints;
import dev.intake.http.SystemEndpoints;
import dev.intake.ingest.AllowedDirectories;
import dev.intake.ingest.DirectoryIngestService;
import dev.intake.ingest.DocumentIngestHandler;
import dev.intake.ingest.IngestService;
import dev.intake.job.JobState;
import dev.intake.job.TaskType;
import dev.intake.metrics.IntakeMetrics;
import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.search.IndexFeeder;
import dev.intake.search.SearchService;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.store.postgres.PgNotifications;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Intake process, wired by plain constructors: {@code serve} (API, search index and,
 * unless disabled, an in-process worker pool) or {@code worker} (workers only). Closing it stops
 * the parts in reverse order: no new requests, workers finish or hand back their jobs, then storage
 * closes.
 */
public final class IntakeNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IntakeNode.class);

  /** What this process runs. */
  public enum Role {
    SERVE,
    WORKER
  }

  private final IntakeConfig config;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final WorkerPool pool;
  private final ApiServer api;

  private IntakeNode(IntakeConfig config, Role role, Clock clock) throws IOException {
    this.config = config;
    try {
      Files.createDirectories(config.dataDir());
      Database db = DatabaseUrl.open(config.databaseUrl(), config.dataDir());
      closeables.push(db);
      JdbcJobStore store = new JdbcJobStore(db);
      JdbcJobReader reader = new JdbcJobReader(db);
      LocalBlobStore blobs = new LocalBlobStore(config.blobDir(), clock);
      WakeSignal wake = new WakeSignal();
      JobEventBus events = new JobEventBus();
      RunningJobs running = new RunningJobs();
      ScheduledExecutorService scheduler =
          Executors.newScheduledThreadPool(
              2, r -> Thread.ofPlatform().daemon().name("intake-scheduler").unstarted(r));
      closeables.push(scheduler::shutdownNow);

      long t0 = System.nanoTime();
      EmbeddingModel model = new MiniLmEmbeddingModel(config.embedParallelism());
      closeables.push(model);
      log.info(
          "embedding model {} loaded in {} ms", model.name(), (System.nanoTime() - t0) / 1_000_000);
      Chunker chunker = new Chunker(model.tokenizer());
      IntakeMetrics metrics = new IntakeMetrics(reader, events);
      AllowedDirectories allowed = new AllowedDirectories(config.allowedDirs());
      DocumentIngestHandler ingestHandler =
          new DocumentIngestHandler(
              store,
              reader,
              blobs,
              new DocumentParser(),
              chunker,
              model,
              allowed,
              config.maxUploadBytes(),
              metrics::chunksEmbedded,
              16);
      Map<TaskType, JobHandler> handlers =
          Map.of(
              TaskType.SINGLE_DOCUMENT, ingestHandler, TaskType.DOCUMENT_REPROCESS, ingestHandler);

      RetryPolicy retry = new RetryPolicy(config.retryDelay(), Duration.ofHours(1), new Random());
      Duration heartbeatEvery = min(config.leaseDuration().dividedBy(3), Duration.ofSeconds(2));
      JobRunner runner =
          new JobRunner(
              store,
              handlers,
              retry,
              events,
              running,
              scheduler,
              clock,
              new JobRunner.Timing(
                  config.leaseDuration(),
                  heartbeatEvery,
                  config.jobTimeout(),
                  config.progressUpdateInterval()));
      this.pool =
          new WorkerPool(
              store,
              runner,
              wake,
              running,
              clock,
              new WorkerPool.Settings(
                  role == Role.SERVE ? "serve" : "worker",
                  config.maxWorkers(),
                  config.highPriorityWorkers(),
                  config.leaseDuration(),
                  config.pollInterval(),
                  Duration.ofSeconds(5)));

      db.notifications()
          .ifPresent(
              n -> {
                n.subscribe(PgNotifications.JOBS, payload -> wake.signal());
                n.subscribe(PgNotifications.CANCEL, id -> running.stop(id, StopReason.CANCELLED));
              });

      Reaper reaper = new Reaper(store, retry, wake, clock, Duration.ofSeconds(60));
      long reapEvery = Math.max(500, config.leaseDuration().toMillis() / 2);
      scheduler.scheduleWithFixedDelay(reaper::runSafely, 0, reapEvery, TimeUnit.MILLISECONDS);
      scheduler.scheduleWithFixedDelay(
          () -> cleanUp(store, clock, config.jobRetention()), 1, 600, TimeUnit.SECONDS);

      if (role == Role.SERVE) {
        SearchIndex index = SearchIndex.open(config.dataDir().resolve("index"), model.dimensions());
        closeables.push(index);
        IndexFeeder feeder = new IndexFeeder(store, reader, index, Duration.ofMillis(500));
        events.subscribe(
            e -> {
              if (e.status() == JobState.COMPLETED) {
                feeder.poke();
              }
            });
        db.notifications().ifPresent(n -> n.subscribe(PgNotifications.INDEX, id -> feeder.poke()));
        feeder.start();
        closeables.push(feeder);
        IngestService ingest =
            new IngestService(
                store,
                reader,
                blobs,
                wake,
                clock,
                config.maxUploadBytes(),
                config.maxRetries() + 1,
                new ChunkingSettings(config.defaultChunkSize(), config.defaultChunkOverlap()));
        Files.createDirectories(config.dataDir().resolve("tmp"));
        this.api =
            new ApiServer(
                new ApiServer.Settings(
                    config.host(),
                    config.port(),
                    config.maxUploadBytes(),
                    config.dataDir().resolve("tmp").toAbsolutePath(),
                    config.apiKey()),
                new ApiServer.Endpoints(
                    new JobEndpoints(reader, store, running, wake, clock),
                    new DocumentEndpoints(
                        ingest,
                        new DirectoryIngestService(
                            store, allowed, wake, clock, config.maxRetries() + 1, 10_000),
                        reader),
                    new SystemEndpoints(
                        new SearchService(index, feeder, model),
                        reader,
                        db,
                        index,
                        clock,
                        Duration.ofSeconds(30),
                        pool,
                        config.shutdownGrace()),
                    events(reader, events),
                    metrics));
        closeables.push(api);
      } else {
        this.api = null;
      }
      closeables.push(() -> pool.stop(config.shutdownGrace()));
      if (role == Role.WORKER || config.workersAutoStart()) {
        pool.start();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private EventStream events(JdbcJobReader reader, JobEventBus bus) {
    EventStream stream = new EventStream(reader, bus, Duration.ofMillis(300));
    closeables.push(stream);
    return stream;
  }

  private static void cleanUp(JdbcJobStore store, Clock clock, Duration retention) {
    try {
      int deleted = store.jobCleanup(clock.instant().minus(retention));
      if (deleted > 0) {
        log.info("removed {} finished jobs older than {}", deleted, retention);
      }
    } catch (RuntimeException e) {
      log.warn("job retention pass failed: {}", e.getMessage());
    }
  }

  /** Starts a node; on failure everything opened so far is closed again. */
  public static IntakeNode start(IntakeConfig config, Role role, Clock clock) throws IOException {
    return new IntakeNode(config, role, clock);
  }

  /** The HTTP port, once bound (useful with port 0). */
  public int port() {
    return api == null ? -1 : api.port();
  }

  public IntakeConfig config() {
    return config;
  }

  @Override
  public synchronized void close() {
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        log.warn("error while shutting down: {}", e.getMessage());
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
