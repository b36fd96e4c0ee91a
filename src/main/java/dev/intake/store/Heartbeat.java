package dev.intake.store;

/** What a lease renewal learned about the job. */
public enum Heartbeat {
  /** Still ours; carry on. */
  OWNED,
  /** Still ours, but a client asked to cancel: stop at the next safe point. */
  CANCEL_REQUESTED,
  /** No longer ours (lease expired and re-claimed, or finished elsewhere): stop writing. */
  LOST
}
