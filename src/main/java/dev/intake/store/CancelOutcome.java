package dev.intake.store;

/** What a cancel request did. */
public enum CancelOutcome {
  /** A queued job, cancelled at once. */
  CANCELLED,
  /** A running job, asked to stop; its worker will stop at the next safe point. */
  REQUESTED,
  /** Already completed, failed or cancelled. */
  ALREADY_FINISHED,
  NOT_FOUND
}
