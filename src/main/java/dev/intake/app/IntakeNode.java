package dev.intake.app;

import dev.intake.blob.BlobHealth;
import dev.intake.blob.BlobStore;
import dev.intake.blob.OrphanSweep;
import dev.intake.config.ConfigException;
import dev.intake.config.IntakeConfig;
import dev.intake.config.WorkerPort;
import dev.intake.dashboard.Dashboard;
import dev.intake.engine.JobEventBus;
import dev.intake.engine.JobHandler;
import dev.intake.engine.JobRunner;
import dev.intake.engine.MemoryGuard;
import dev.intake.engine.OutageGrace;
import dev.intake.engine.Reaper;
import dev.intake.engine.RetryPolicy;
import dev.intake.engine.RunningJobs;
import dev.intake.engine.StopReason;
import dev.intake.engine.WakeSignal;
import dev.intake.engine.WorkerPool;
import dev.intake.health.DatabaseHealth;
import dev.intake.health.HealthRegistry;
import dev.intake.health.Readiness;
import dev.intake.http.ApiServer;
import dev.intake.http.DocumentEndpoints;
import dev.intake.http.EventStream;
import dev.intake.http.JobEndpoints;
import dev.intake.http.SystemEndpoints;
import dev.intake.http.WorkerServer;
import dev.intake.ingest.Admission;
import dev.intake.ingest.AllowedDirectories;
import dev.intake.ingest.ArchiveIngestService;
import dev.intake.ingest.DirectoryIngestService;
import dev.intake.ingest.DocumentIngestHandler;
import dev.intake.ingest.IngestService;
import dev.intake.job.JobState;
import dev.intake.job.TaskType;
import dev.intake.metrics.IntakeMetrics;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.sandbox.ParserPool;
import dev.intake.sandbox.SandboxSettings;
import dev.intake.search.IndexFeeder;
import dev.intake.search.SearchService;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.store.postgres.PgNotifications;
import dev.intake.supervision.Supervisor;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

  /** The parts every role shares. */
  private record Core(
      Database db,
      JdbcJobStore store,
      JdbcJobReader reader,
      BlobStore blobs,
      WakeSignal wake,
      JobEventBus events,
      RunningJobs running,
      ScheduledExecutorService scheduler,
      EmbeddingModel model,
      IntakeMetrics metrics,
      AllowedDirectories allowed,
      HealthRegistry health,
      Supervisor supervisor,
      MemoryGuard memory,
      Clock clock) {}

  private final IntakeConfig config;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final Runnable onOutOfMemory;
  private ApiServer api;
  private WorkerServer workerServer;
  private HealthRegistry health;

  private IntakeNode(IntakeConfig config, Role role, Clock clock, Runnable onOutOfMemory)
      throws IOException {
    this.config = config;
    this.onOutOfMemory =
        onOutOfMemory != null
            ? onOutOfMemory
            : () -> Thread.ofPlatform().name("out-of-memory-close").start(this::close);
    try {
      Core core = core(clock);
      health = core.health();
      WorkerPool pool = workerPool(core, role);
      if (role == Role.WORKER) {
        workerServer = workerServer(core, pool); // closes after the pool: probes see the stop
      }
      // Closed in reverse: the API stops taking requests before the workers stop, and the model
      // closes only after them.
      closeables.push(() -> pool.stop(config.shutdownGrace()));
      startServices(core);
      if (role == Role.SERVE) {
        api = api(core, pool);
      }
      if (role == Role.WORKER || config.workersAutoStart()) {
        pool.start();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Core core(Clock clock) throws IOException {
    Files.createDirectories(config.dataDir());
    Database db =
        DatabaseUrl.open(config.databaseUrl(), config.dataDir(), config.databaseTimeout());
    closeables.push(db);
    HealthRegistry health = new HealthRegistry(clock);
    DatabaseHealth.report(db.availability(), health);
    MemoryGuard memory =
        new MemoryGuard(health, clock, MemoryGuard.Settings.defaults(), onOutOfMemory);
    Supervisor supervisor =
        new Supervisor(
            health,
            clock,
            Supervisor.Settings.defaults(),
            t -> memory.observe(t, Thread.currentThread().getName()));
    closeables.push(supervisor);
    JdbcJobReader reader = new JdbcJobReader(db);
    JobEventBus events = new JobEventBus();
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2, r -> Thread.ofPlatform().daemon().name("intake-scheduler").unstarted(r));
    closeables.push(scheduler::shutdownNow);
    BlobStore blobs = Blobs.open(config, clock);
    closeables.push(blobs);
    long t0 = System.nanoTime();
    EmbeddingModel model =
        EmbeddingSetup.open(
            config.embedding(), config.embedParallelism(), config.backgroundPriority(), health);
    closeables.push(model);
    log.info(
        "embedding model {} ({} dimensions{}) ready in {} ms",
        model.name(),
        model.dimensions(),
        config.embedding().remote() ? ", at " + config.embedding().url() : ", in-process",
        (System.nanoTime() - t0) / 1_000_000);
    IntakeMetrics metrics = new IntakeMetrics(reader, events);
    return new Core(
        db,
        new JdbcJobStore(db),
        reader,
        blobs,
        new WakeSignal(),
        events,
        new RunningJobs(),
        scheduler,
        metrics.timed(model),
        metrics,
        new AllowedDirectories(config.allowedDirs()),
        health,
        supervisor,
        memory,
        clock);
  }

  private WorkerPool workerPool(Core c, Role role) {
    ParserPool parsers =
        new ParserPool(
            new SandboxSettings(
                // A node without workers (API only) never leases a parser; the pool stays empty.
                Math.max(1, config.maxWorkers()),
                config.parserHeapMb(),
                config.parseTimeout(),
                config.parserRecycleAfter(),
                config.maxChunks(),
                config.maxCharacters(),
                config.ocr(),
                config.backgroundPriority()),
            c.health(),
            c.metrics()::parserRestarted);
    // Closed after the workers have stopped (closeables run in reverse).
    closeables.push(parsers);
    if (config.maxWorkers() > 0 && (role == Role.WORKER || config.workersAutoStart())) {
      parsers.prestart();
    }
    DocumentIngestHandler ingest =
        new DocumentIngestHandler(
            c.store(),
            c.reader(),
            c.blobs(),
            parsers,
            c.model(),
            c.allowed(),
            config.maxUploadBytes(),
            c.metrics()::chunksEmbedded,
            // A remote endpoint gets one request per group; the group is also the checkpoint.
            config.embedding().remote() ? Math.max(16, config.embedding().batchSize()) : 16);
    Map<TaskType, JobHandler> handlers =
        Map.of(TaskType.SINGLE_DOCUMENT, ingest, TaskType.DOCUMENT_REPROCESS, ingest);
    JobRunner runner =
        new JobRunner(
            c.store(),
            handlers,
            retryPolicy(),
            c.events(),
            c.running(),
            c.scheduler(),
            c.clock(),
            new JobRunner.Timing(
                config.leaseDuration(),
                min(config.leaseDuration().dividedBy(3), Duration.ofSeconds(2)),
                config.jobTimeout(),
                config.progressUpdateInterval()),
            c.memory());
    c.db()
        .notifications()
        .ifPresent(
            n -> {
              n.subscribe(PgNotifications.JOBS, payload -> c.wake().signal());
              n.subscribe(PgNotifications.CANCEL, id -> c.running().stop(id, StopReason.CANCELLED));
            });
    // Idle workers back off while the database is unreachable; wake them when it is back.
    c.db()
        .availability()
        .subscribe(
            (available, reason) -> {
              if (available) {
                c.wake().signal();
              }
            });
    return new WorkerPool(
        c.store(),
        runner,
        c.wake(),
        c.running(),
        c.clock(),
        new WorkerPool.Settings(
            role == Role.SERVE ? "serve" : "worker",
            config.maxWorkers(),
            config.highPriorityWorkers(),
            config.leaseDuration(),
            config.pollInterval(),
            config.workerHeartbeat()),
        c.supervisor(),
        c.metrics()::jobEnded);
  }

  /**
   * The worker process's own endpoints: {@code /health} for probes and {@code /metrics} for
   * scrapers, on {@code INTAKE_WORKER_PORT}; each worker registers where its metrics are.
   */
  private WorkerServer workerServer(Core c, WorkerPool pool) {
    WorkerPort port = config.workerPort();
    WorkerServer server;
    try {
      server = workerServer(c, pool, port.number());
    } catch (JavalinBindException e) {
      if (port.given()) {
        throw new ConfigException(
            List.of(
                "INTAKE_WORKER_PORT "
                    + port.number()
                    + " is in use on "
                    + config.host()
                    + "; choose a free port, or 0 for any free one"));
      }
      // The default port is taken, by another worker on this host say: any free port will do, as
      // the worker advertises where it listens.
      server = workerServer(c, pool, 0);
      log.warn(
          "port {} is in use, so this worker's health and metrics are on port {}"
              + " (set INTAKE_WORKER_PORT to choose one)",
          port.number(),
          server.port());
    }
    closeables.push(server);
    pool.advertiseMetrics(AdvertisedAddress.url(config.host(), server.port(), "/metrics"));
    return server;
  }

  private WorkerServer workerServer(Core c, WorkerPool pool, int port) {
    return new WorkerServer(
        new WorkerServer.Settings(config.host(), port, config.apiKey(), config.allowedHosts()),
        new Readiness(c.health(), () -> pool.state().name().toLowerCase(Locale.ROOT)),
        c.health(),
        c.metrics());
  }

  private RetryPolicy retryPolicy() {
    return new RetryPolicy(config.retryDelay(), config.retryMaxDelay(), new Random());
  }

  /**
   * Every process rescues expired leases, forgets workers whose heartbeats stopped and applies the
   * retention; all three are idempotent. Each runs as a supervised service.
   */
  private void startServices(Core c) {
    Reaper reaper =
        new Reaper(
            c.store(),
            retryPolicy(),
            c.wake(),
            c.clock(),
            workerLiveness(),
            new OutageGrace(c.db().availability(), config.leaseDuration()));
    Duration reapEvery = Duration.ofMillis(Math.max(500, config.leaseDuration().toMillis() / 2));
    c.supervisor().every("reaper", reapEvery, reaper::runOnce);
    c.supervisor()
        .every(
            "retention",
            Duration.ofMinutes(10),
            () -> cleanUp(c.store(), c.clock(), config.jobRetention()));
    c.supervisor().every("memory-guard", Duration.ofSeconds(5), c.memory()::refresh);
    BlobHealth blobHealth = new BlobHealth(c.blobs(), c.health());
    c.supervisor().every(BlobHealth.PART, Duration.ofSeconds(5), blobHealth::runOnce);
  }

  /** A worker is live while its last heartbeat is within two heartbeat intervals. */
  private Duration workerLiveness() {
    return config.workerHeartbeat().multipliedBy(2);
  }

  private ApiServer api(Core c, WorkerPool pool) throws IOException {
    SearchIndex index =
        SearchIndex.open(
            config.dataDir().resolve("index"), c.model().name(), c.model().dimensions());
    closeables.push(index);
    IndexFeeder feeder =
        new IndexFeeder(
            c.store(),
            c.reader(),
            index,
            Duration.ofMillis(500),
            c.health(),
            c.metrics()::indexEntrySkipped,
            config.backgroundPriority());
    c.events()
        .subscribe(
            e -> {
              if (e.status() == JobState.COMPLETED) {
                feeder.poke();
              }
            });
    c.db().notifications().ifPresent(n -> n.subscribe(PgNotifications.INDEX, id -> feeder.poke()));
    // API nodes sweep orphan blobs (workers need not list the store too).
    OrphanSweep sweep =
        new OrphanSweep(
            c.blobs(), c.reader()::blobKeysReferenced, c.clock(), config.blob().orphanAge());
    c.supervisor().every("blob-sweep", config.blob().sweepInterval(), sweep::runOnce);
    feeder.start(c.supervisor());
    closeables.push(feeder);
    EventStream events =
        new EventStream(
            c.reader(),
            c.events(),
            Duration.ofMillis(300),
            config.maxEventStreams(),
            c.supervisor());
    closeables.push(events);
    SearchService search =
        new SearchService(
            index, feeder, c.model(), c.db().availability(), config.databaseTimeout());
    closeables.push(search);
    Path tmp = Files.createDirectories(config.dataDir().resolve("tmp")).toAbsolutePath();
    Admission admission =
        new Admission(
            c.reader(),
            config.blob().isS3() ? List.of(tmp) : List.of(tmp, config.blobDir()),
            new Admission.Limits(config.maxPendingJobs(), config.minFreeDiskBytes()),
            c.health());
    IngestService ingest =
        new IngestService(
            c.store(),
            c.reader(),
            c.blobs(),
            c.wake(),
            c.clock(),
            config.maxUploadBytes(),
            config.maxRetries() + 1,
            new ChunkingSettings(config.defaultChunkSize(), config.defaultChunkOverlap()),
            admission);
    ApiServer server =
        new ApiServer(
            new ApiServer.Settings(
                config.host(),
                config.port(),
                config.maxUploadBytes(),
                tmp,
                config.apiKey(),
                config.allowedHosts(),
                config.corsOrigins()),
            new ApiServer.Endpoints(
                new JobEndpoints(c.reader(), c.store(), c.running(), c.wake(), c.clock()),
                new DocumentEndpoints(
                    ingest,
                    new DirectoryIngestService(
                        c.store(),
                        c.allowed(),
                        admission,
                        c.wake(),
                        c.clock(),
                        config.maxRetries() + 1,
                        config.maxDirectoryFiles()),
                    new ArchiveIngestService(
                        c.store(),
                        c.blobs(),
                        admission,
                        c.wake(),
                        c.clock(),
                        config.maxRetries() + 1,
                        config.archiveLimits(),
                        tmp),
                    c.reader(),
                    config.maxUploadBytes()),
                new SystemEndpoints(
                    search,
                    c.reader(),
                    c.db(),
                    index,
                    c.clock(),
                    workerLiveness(),
                    pool,
                    config.shutdownGrace(),
                    c.health()),
                events,
                c.metrics(),
                new Dashboard(config.apiKey(), c.db(), c.clock())));
    closeables.push(server);
    // In-process workers are scraped with the API node.
    pool.advertiseMetrics(AdvertisedAddress.url(config.host(), server.port(), "/metrics"));
    return server;
  }

  private static void cleanUp(JdbcJobStore store, Clock clock, Duration retention) {
    int deleted = store.jobCleanup(clock.instant().minus(retention));
    if (deleted > 0) {
      log.info("removed {} finished jobs older than {}", deleted, retention);
    }
  }

  /**
   * Starts a node; on failure everything opened so far is closed again. Repeated out-of-memory
   * errors close the node (its jobs handed back).
   */
  public static IntakeNode start(IntakeConfig config, Role role, Clock clock) throws IOException {
    return new IntakeNode(config, role, clock, null);
  }

  /**
   * Starts a node whose repeated out-of-memory errors run {@code onOutOfMemory} (the command line
   * exits the process with {@link MemoryGuard#EXIT_CODE}, which closes the node on the way).
   */
  public static IntakeNode start(
      IntakeConfig config, Role role, Clock clock, Runnable onOutOfMemory) throws IOException {
    return new IntakeNode(config, role, clock, onOutOfMemory);
  }

  /** What the parts of this process report about their health. */
  public HealthRegistry health() {
    return health;
  }

  /** The HTTP port, once bound (useful with port 0). */
  public int port() {
    return api == null ? -1 : api.port();
  }

  /** The port of a worker process's health and metrics endpoints; -1 for other roles. */
  public int workerPort() {
    return workerServer == null ? -1 : workerServer.port();
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
