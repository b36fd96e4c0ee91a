package dev.intake.engine;

/** Why a running job must stop before it finished. */
public enum StopReason {
  /** A client cancelled the job. */
  CANCELLED,
  /** The worker lost its lease; another worker may own the job now. */
  LEASE_LOST,
  /** The job ran longer than its time limit. */
  TIMED_OUT,
  /** The worker is shutting down and hands the job back. */
  SHUTDOWN
}
