package dev.intake.store;

/** What a worker's attempt to put its job back in the queue did. */
public enum RequeueOutcome {
  /** Back in the queue, to run again. */
  QUEUED,
  /**
   * A client had asked to cancel the job: it ended {@code cancelled} instead, and its partial
   * chunks were removed.
   */
  CANCELLED,
  /** The job was no longer this worker's; nothing was changed. */
  NOT_OWNED
}
