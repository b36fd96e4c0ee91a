package dev.intake.store.jdbc;

import dev.intake.job.Job;
import dev.intake.job.TaskType;
import dev.intake.store.CancelOutcome;
import dev.intake.store.NewJob;
import dev.intake.store.postgres.PgNotifications;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Directory batches in SQL: a parent row that no worker claims, and child jobs that each ingest one
 * file. The parent's state follows its children: it completes in the transaction that finishes its
 * last child.
 */
final class Batches {
  private Batches() {}

  static Job enqueue(Tx tx, NewJob parent, List<NewJob> children, Instant now) throws SQLException {
    tx.update(
        "job_insert_batch_parent",
        Params.of(
            "job_id", parent.jobId(),
            "priority", parent.priority().rank(),
            "status", children.isEmpty() ? "completed" : "processing",
            "message", parent.message(),
            "now", now,
            "params", Rows.paramsJson(parent.params()),
            "result", null));
    for (NewJob child : children) {
      JdbcJobStore.insertJob(tx, child, now);
    }
    if (children.isEmpty()) {
      tx.update("batch_complete_if_done", Params.of("parent_job_id", parent.jobId(), "now", now));
    } else {
      JdbcJobStore.notify(tx, PgNotifications.JOBS, parent.jobId());
    }
    return tx.one("job_get", Params.of("job_id", parent.jobId()), Rows::job).orElseThrow();
  }

  /** After a child changed state: completes the parent if nothing of it can run any more. */
  static void childChanged(Tx tx, String childJobId, Instant now) throws SQLException {
    Optional<Job> child = tx.one("job_get", Params.of("job_id", childJobId), Rows::job);
    if (child.isEmpty() || child.get().parentJobId() == null) {
      return;
    }
    Params p = Params.of("parent_job_id", child.get().parentJobId(), "now", now);
    tx.update("batch_touch", p);
    tx.update("batch_complete_if_done", p);
  }

  static CancelOutcome cancel(Tx tx, Job parent, Instant now) throws SQLException {
    if (parent.status().isFinished()) {
      return CancelOutcome.ALREADY_FINISHED;
    }
    Params p = Params.of("parent_job_id", parent.jobId(), "now", now);
    tx.update("batch_cancel_queued_children", p);
    tx.update("batch_request_cancel_children", p);
    for (String running : tx.list("batch_running_children", p, r -> r.str("job_id"))) {
      JdbcJobStore.notify(tx, PgNotifications.CANCEL, running);
    }
    tx.update("batch_cancel", Params.of("job_id", parent.jobId(), "now", now));
    return CancelOutcome.CANCELLED;
  }

  /** Queues the failed and cancelled files of a finished batch again. */
  static Optional<Job> retry(Tx tx, Job parent, Instant now) throws SQLException {
    if (parent.taskType() != TaskType.DIRECTORY_BATCH || !parent.status().isFinished()) {
      return Optional.empty();
    }
    int requeued =
        tx.update("batch_requeue_children", Params.of("parent_job_id", parent.jobId(), "now", now));
    if (requeued == 0) {
      return Optional.empty();
    }
    tx.update("batch_reopen", Params.of("job_id", parent.jobId(), "now", now));
    JdbcJobStore.notify(tx, PgNotifications.JOBS, parent.jobId());
    return tx.one("job_get", Params.of("job_id", parent.jobId()), Rows::job);
  }
}
