package dev.intake.store.jdbc;

import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.store.RescuedJob;
import dev.intake.store.postgres.PgNotifications;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Returns a job whose lease expired to the queue, counting the lost attempt, or fails it as poison
 * when that attempt was its last, or cancels it when a client asked to cancel it. Guarded on the
 * attempt and the expired lease, so two reapers, or a worker renewing at the last moment, cannot
 * both win.
 */
final class Rescues {
  private Rescues() {}

  static Optional<RescuedJob> rescue(Tx tx, Job j, Instant now, IntFunction<Long> backoff)
      throws SQLException {
    if (j.cancelRequested()) {
      return cancel(tx, j, now);
    }
    boolean poison = j.attempt() >= j.maxAttempts();
    String error =
        poison
            ? "Gave up after "
                + j.attempt()
                + " attempts: the worker running the job stopped responding each time"
                + " (last worker: "
                + j.workerId()
                + ")"
            : "The worker running attempt " + j.attempt() + " stopped responding";
    JobState next = poison ? JobState.FAILED : JobState.RETRYING;
    int moved =
        tx.update(
            "job_rescue",
            Params.of(
                "status",
                next.wireName(),
                "run_at",
                poison ? now : now.plusMillis(backoff.apply(j.attempt())),
                "error_message",
                error,
                "message",
                (poison ? "Failed: " : "Will retry: ") + error,
                "completed_at",
                poison ? now : null,
                "now",
                now,
                "job_id",
                j.jobId(),
                "attempt",
                j.attempt()));
    if (moved != 1) {
      return Optional.empty();
    }
    if (poison) {
      JdbcJobStore.discardPartialOutput(tx, j.jobId(), "failed", now);
      Batches.childChanged(tx, j.jobId(), now);
    } else {
      JdbcJobStore.notify(tx, PgNotifications.JOBS, j.jobId());
    }
    return Optional.of(new RescuedJob(j.jobId(), j.workerId(), j.attempt(), next));
  }

  /**
   * Ends a job that a client asked to cancel and whose worker died before it could: the cancel
   * stands, the job is not run again, and its partial chunks go.
   */
  private static Optional<RescuedJob> cancel(Tx tx, Job j, Instant now) throws SQLException {
    int moved =
        tx.update(
            "job_rescue",
            Params.of(
                "status",
                JobState.CANCELLED.wireName(),
                "run_at",
                now,
                "error_message",
                null,
                "message",
                "Cancelled: the worker running it stopped responding before it could stop",
                "completed_at",
                now,
                "now",
                now,
                "job_id",
                j.jobId(),
                "attempt",
                j.attempt()));
    if (moved != 1) {
      return Optional.empty();
    }
    JdbcJobStore.discardPartialOutput(tx, j.jobId(), "cancelled", now);
    Batches.childChanged(tx, j.jobId(), now);
    return Optional.of(new RescuedJob(j.jobId(), j.workerId(), j.attempt(), JobState.CANCELLED));
  }

  /**
   * Returns a job whose lease lapsed while the database could not be reached to the queue without
   * counting the attempt; its checkpoint stays, so the next attempt resumes after it.
   */
  static Optional<RescuedJob> handBackAfterOutage(Tx tx, Job j, Instant now) throws SQLException {
    int moved =
        tx.update(
            "job_rescue_uncounted",
            Params.of(
                "message",
                "Queued again: its worker could not reach the database (attempt not counted)",
                "now",
                now,
                "job_id",
                j.jobId(),
                "attempt",
                j.attempt()));
    if (moved != 1) {
      return Optional.empty();
    }
    JdbcJobStore.notify(tx, PgNotifications.JOBS, j.jobId());
    return Optional.of(new RescuedJob(j.jobId(), j.workerId(), j.attempt(), JobState.PENDING));
  }
}
