package dev.intake.store.jdbc;

import dev.intake.store.WorkerInfo;
import java.sql.SQLException;

/** The registry of live workers: one row per worker thread of any process. */
final class WorkerRows {
  private WorkerRows() {}

  static int register(Tx tx, WorkerInfo w) throws SQLException {
    return tx.update(
        "worker_upsert",
        Params.of(
            "worker_id", w.workerId(),
            "name", w.name(),
            "priority", w.priority(),
            "status", w.status(),
            "host", w.host(),
            "pid", w.pid(),
            "now", w.lastHeartbeat(),
            "metrics_url", w.metricsUrl()));
  }

  static boolean heartbeat(Tx tx, WorkerInfo w) throws SQLException {
    return tx.update(
            "worker_heartbeat",
            Params.of(
                "status", w.status(),
                "current_job", w.currentJob(),
                "processed", w.processed(),
                "failed", w.failed(),
                "now", w.lastHeartbeat(),
                "metrics_url", w.metricsUrl(),
                "worker_id", w.workerId()))
        == 1;
  }
}
