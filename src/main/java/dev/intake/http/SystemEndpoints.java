package dev.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.engine.WorkerPool;
import dev.intake.job.Priority;
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
  private final SearchService search;
  private final JobReader reader;
  private final Database database;
  private final SearchIndex index;
  private final Clock clock;
  private final Duration workerLiveness;
  private final WorkerPool pool;
  private final Duration shutdownGrace;

  public SystemEndpoints(
      SearchService search,
      JobReader reader,
      Database database,
      SearchIndex index,
      Clock clock,
      Duration workerLiveness,
      WorkerPool pool,
      Duration shutdownGrace) {
    this.search = search;
    this.reader = reader;
    this.database = database;
    this.index = index;
    this.clock = clock;
    this.workerLiveness = workerLiveness;
    this.pool = pool;
    this.shutdownGrace = shutdownGrace;
  }

  void startWorkers(Context ctx) {
    pool.start();
    ctx.json(Map.of("status", "running", "workers", pool.snapshot().size()));
  }

  /** Stops claiming; running jobs finish within the shutdown grace or are handed back. */
  void stopWorkers(Context ctx) {
    pool.stop(shutdownGrace);
    ctx.json(Map.of("status", "stopped", "workers", 0));
  }

  void search(Context ctx) {
    JsonNode body = readBody(ctx);
    String query = body.path("query").asText("").strip();
    if (query.isEmpty()) {
      throw ApiException.badRequest("query is required");
    }
    int topK = body.path("top_k").asInt(5);
    if (topK < 1 || topK > 100) {
      throw ApiException.badRequest("top_k must be between 1 and 100");
    }
    Set<String> ids = new HashSet<>();
    body.path("document_ids").forEach(n -> ids.add(n.asText()));
    var results = search.search(query, topK, ids).stream().map(Views::hit).toList();
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
    body.put("status", !db ? "unhealthy" : (!idx || stalled) ? "degraded" : "healthy");
    body.put("database", databaseStatus(db));
    body.put(
        "index",
        Map.of("status", idx ? "ok" : "unavailable", "chunks", idx ? index.chunkCount() : 0));
    body.put("workers", Map.of("count", workers.size(), "busy", busy(workers)));
    body.put("queue_stats", db ? Views.queue(queue) : null);
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

  void workerHealth(Context ctx) {
    List<WorkerInfo> workers = liveWorkers();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", workers.isEmpty() ? "no_workers" : "healthy");
    body.put("worker_count", workers.size());
    body.put("running_workers", busy(workers));
    body.put("total_processed", workers.stream().mapToLong(WorkerInfo::processed).sum());
    body.put("total_failed", workers.stream().mapToLong(WorkerInfo::failed).sum());
    body.put("queue_stats", Views.queue(reader.queueLengths()));
    ctx.json(body);
  }

  void workers(Context ctx) {
    // WorkerInfo's fields are the API's worker fields (snake_case by the mapper).
    ctx.json(Map.of("workers", liveWorkers()));
  }

  private List<WorkerInfo> liveWorkers() {
    return reader.workerList(clock.instant().minus(workerLiveness));
  }

  private static long busy(List<WorkerInfo> workers) {
    return workers.stream().filter(w -> w.currentJob() != null).count();
  }

  private static JsonNode readBody(Context ctx) {
    try {
      return ctx.bodyAsClass(JsonNode.class);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
  }
}
