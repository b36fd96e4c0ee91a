package dev.intake.store;

import dev.intake.job.Job;

/** What a reprocess request did. */
public record ReprocessOutcome(Status status, Job job) {

  /** The possible outcomes. */
  public enum Status {
    QUEUED,
    NOT_FOUND,
    /** The document already has a job queued or running. */
    BUSY
  }
}
