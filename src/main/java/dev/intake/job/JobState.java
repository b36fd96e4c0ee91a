package dev.intake.job;

import java.util.Locale;

/**
 * The lifecycle of a job. Each constant says who moves a job into and out of it; {@link
 * #canTransitionTo} is the single place that decides which moves are legal.
 */
public enum JobState {
  /**
   * Queued by the API (enqueue, retry on demand, hand-back on shutdown); left when a worker claims
   * it or it is cancelled.
   */
  PENDING,
  /**
   * Claimed by a worker holding a lease; left by that worker (complete, fail, hand back) or by the
   * reaper when the lease expires.
   */
  PROCESSING,
  /** Failed with a transient error and waits for its backoff; claimed again like a pending job. */
  RETRYING,
  /** Finished successfully; terminal. */
  COMPLETED,
  /**
   * Failed permanently or ran out of attempts: the dead-letter set. Left only by an explicit retry.
   */
  FAILED,
  /** Cancelled by a client. Left only by an explicit retry. */
  CANCELLED;

  public boolean canTransitionTo(JobState next) {
    return switch (this) {
      case PENDING -> next == PROCESSING || next == CANCELLED;
      case PROCESSING ->
          next == COMPLETED
              || next == RETRYING
              || next == FAILED
              || next == CANCELLED
              || next == PENDING; // handed back on graceful shutdown
      case RETRYING -> next == PROCESSING || next == FAILED || next == CANCELLED;
      case COMPLETED -> false;
      case FAILED, CANCELLED -> next == PENDING; // retried on demand
    };
  }

  /** Whether no worker will touch the job again without a client asking. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The value stored in the database and shown in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
