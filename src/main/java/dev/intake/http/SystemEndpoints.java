package dev.intake.http;

import dev.intake.blob.BlobHealth;
import dev.intake.engine.WorkerPool;
import dev.intake.health.HealthRegistry;
import dev.intake.job.Priority;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.search.SearchService;
import dev.intake.store.JobReader;
import dev.intake.store.StoreAvailability;
import dev.intake.store.StoreUnavailableException;
import dev.intake.store.WorkerInfo;
import dev.intake.store.jdbc.Database;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Search, health and worker endpoints. */
public final class SystemEndpoints {
  /** The most documents one search may be narrowed to. */
  static final int MAX_DOCUMENT_IDS = 1000;

  /** Seconds a search waits before it tries again while queries cannot be embedded. */
  static final String EMBEDDING_RETRY_AFTER = "5";

  private final SearchService search;
  private final JobReader reader;
  private final Database database;
  private final SearchIndex index;
  private final Clock clock;
  private final Duration workerLiveness;
  private final WorkerPool pool;
  private final Duration shutdownGrace;
  private final HealthRegistry health;

  public SystemEndpoints(
      SearchService search,
      JobReader reader,
      Database database,
      SearchIndex index,
      Clock clock,
      Duration workerLiveness,
      WorkerPool pool,
      Duration shutdownGrace,
      HealthRegistry health) {
    this.search = search;
    this.reader = reader;
    this.database = database;
    this.index = index;
    this.clock = clock;
    this.workerLiveness = workerLiveness;
    this.pool = pool;
    this.shutdownGrace = shutdownGrace;
    this.health = health;
  }

  /** Starts the in-process workers, or says why it cannot. */
  void startWorkers(Context ctx) {
    switch (pool.start()) {
      case STARTED, ALREADY_RUNNING ->
          ctx.json(Map.of("status", "running", "workers", pool.size()));
      case STOPPING -> {
        ctx.header("Retry-After", "1");
        throw ApiException.conflict(
            "workers_stopping",
            "The workers are still stopping (running jobs get up to "
                + shutdownGrace.toSeconds()
                + " s to finish); start them once the stop has finished");
      }
      case NO_WORKERS ->
          throw ApiException.conflict(
              "no_workers_configured",
              "This process runs no worker threads (TASK_MAX_WORKERS is 0)");
    }
  }

  /**
   * Stops claiming at once and answers; running jobs finish within the shutdown grace or are handed
   * back, in the background.
   */
  void stopWorkers(Context ctx) {
    if (pool.state() == WorkerPool.State.STOPPED) {
      ctx.json(Map.of("status", "stopped", "workers", 0));
      return;
    }
    pool.stopAsync(shutdownGrace);
    ctx.status(202)
        .json(
            Map.of(
                "status",
                "stopping",
                "workers",
                pool.size(),
                "message",
                "Workers claim no more jobs; running jobs get up to "
                    + shutdownGrace.toSeconds()
                    + " s to finish, then are handed back"));
  }

  void search(Context ctx) {
    JsonBody body = JsonBody.read(ctx);
    String query = body.string("query");
    if (query == null || query.isBlank()) {
      throw ApiException.badRequest("query is required");
    }
    Integer topK = body.integer("top_k", 1, 100);
    Set<String> ids = new HashSet<>(body.strings("document_ids", MAX_DOCUMENT_IDS));
    List<Views.SearchResultView> results;
    try {
      results =
          search.search(query.strip(), topK == null ? 5 : topK, ids).stream()
              .map(Views::hit)
              .toList();
    } catch (IngestException e) { // only the query's embedding throws these
      ctx.header("Retry-After", EMBEDDING_RETRY_AFTER);
      throw new ApiException(
          503,
          "embedding_unavailable",
          "The query could not be embedded ("
              + e.getMessage()
              + "); try again in "
              + EMBEDDING_RETRY_AFTER
              + " s");
    }
    ctx.json(Map.of("results", results));
  }

  void health(Context ctx) {
    // Never waits for an unreachable database: the probe's verdict, then reads that fail fast.
    boolean db = database.isHealthy();
    boolean idx = index.isHealthy();
    Map<String, Object> body = new LinkedHashMap<>();
    List<WorkerInfo> workers = List.of();
    Map<Priority, Long> queue = Map.of();
    if (db) {
      try {
        workers = liveWorkers();
        queue = reader.queueLengths();
      } catch (StoreUnavailableException e) {
        db = false;
      }
    }
    boolean stalled = db && workers.isEmpty() && queue.values().stream().anyMatch(n -> n > 0);
    boolean partsOk = health.overall() == HealthRegistry.Level.OK;
    body.put("status", !db ? "unhealthy" : (!idx || stalled || !partsOk) ? "degraded" : "healthy");
    body.put("database", databaseStatus(db));
    body.put(
        "index",
        Map.of("status", idx ? "ok" : "unavailable", "chunks", idx ? index.chunkCount() : 0));
    body.put("workers", Map.of("count", workers.size(), "busy", busy(workers)));
    body.put("queue_stats", db ? Views.queue(queue) : null);
    body.put("blob_store", blobStoreStatus());
    body.put("services", services());
    if (!db) {
      ctx.header("Retry-After", ApiServer.DATABASE_RETRY_AFTER); // every 503 says when to retry
    }
    ctx.status(db ? 200 : 503).json(body);
  }

  private Map<String, Object> databaseStatus(boolean reachable) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", reachable ? "ok" : "unavailable");
    status.put("dialect", database.dialect().dir());
    StoreAvailability.Outage outage = database.availability().current();
    if (!reachable && outage != null) {
      status.put("reason", outage.reason());
      status.put("since", outage.start());
    }
    return status;
  }

  /** The blob store as its periodic check last found it. */
  private Map<String, Object> blobStoreStatus() {
    HealthRegistry.Status st = health.snapshot().get(BlobHealth.PART);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put(
        "status", st == null || st.level() == HealthRegistry.Level.OK ? "ok" : "unavailable");
    if (st != null && st.level() != HealthRegistry.Level.OK) {
      status.put("reason", st.reason());
      status.put("since", st.since());
    }
    return status;
  }

  void workerHealth(Context ctx) {
    List<WorkerInfo> workers = liveWorkers();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", workers.isEmpty() ? "no_workers" : "healthy");
    body.put("worker_count", workers.size());
    body.put("running_workers", busy(workers));
    body.put("total_processed", workers.stream().mapToLong(WorkerInfo::processed).sum());
    body.put("total_failed", workers.stream().mapToLong(WorkerInfo::failed).sum());
    body.put("queue_stats", Views.queue(reader.queueLengths()));
    body.put("pool", pool.state().name().toLowerCase(java.util.Locale.ROOT));
    ctx.json(body);
  }

  void workers(Context ctx) {
    // WorkerInfo's fields are the API's worker fields (snake_case by the mapper).
    ctx.json(Map.of("workers", liveWorkers()));
  }

  /** Each supervised part of this process: its level, and why when it is not ok. */
  private Map<String, Object> services() {
    Map<String, Object> services = new LinkedHashMap<>();
    health
        .snapshot()
        .forEach(
            (name, st) -> {
              Map<String, Object> part = new LinkedHashMap<>();
              part.put("status", st.level().name().toLowerCase(java.util.Locale.ROOT));
              part.put("reason", st.reason());
              part.put("since", st.since());
              services.put(name, part);
            });
    return services;
  }

  private List<WorkerInfo> liveWorkers() {
    return reader.workerList(clock.instant().minus(workerLiveness));
  }

  private static long busy(List<WorkerInfo> workers) {
    return workers.stream().filter(w -> w.currentJob() != null).count();
  }
}
