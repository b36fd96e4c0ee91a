package dev.intake.engine;

/** How one run of a job ended, from the worker's point of view. */
public enum Outcome {
  COMPLETED,
  RETRYING,
  FAILED,
  CANCELLED,
  /** Handed back to the queue on shutdown. */
  RELEASED,
  /** The lease was lost; whoever owns the job now decides its fate. */
  LOST
}
