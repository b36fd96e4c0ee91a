package dev.intake.store.jdbc;

import dev.intake.job.JobState;
import dev.intake.store.RequeueOutcome;
import dev.intake.store.postgres.PgNotifications;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Puts a worker's job back in the queue (retry later, shutdown or outage hand-back), or ends it
 * {@code cancelled} when a client asked to cancel it: the next claim clears the request, so a
 * cancel that reached the queue would be lost. One guarded statement reads the request and moves
 * the job, so no cancel recorded before it is missed.
 */
final class Requeues {
  private Requeues() {}

  /**
   * Runs the guarded statement {@code name} (which returns the job's new status) and finishes what
   * it decided: a cancelled job's partial chunks go and its batch hears of it; a queued one wakes
   * idle workers if {@code runnableNow}.
   */
  static RequeueOutcome requeue(
      Tx tx, String name, Params params, String jobId, boolean runnableNow, Instant now)
      throws SQLException {
    Optional<String> status = tx.one(name, params, r -> r.str("status"));
    if (status.isEmpty()) {
      return RequeueOutcome.NOT_OWNED;
    }
    if (status.get().equals(JobState.CANCELLED.wireName())) {
      JdbcJobStore.discardPartialOutput(tx, jobId, "cancelled", now);
      Batches.childChanged(tx, jobId, now);
      return RequeueOutcome.CANCELLED;
    }
    if (runnableNow) {
      JdbcJobStore.notify(tx, PgNotifications.JOBS, jobId);
    }
    return RequeueOutcome.QUEUED;
  }
}
