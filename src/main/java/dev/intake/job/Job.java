package dev.intake.job;

import java.time.Instant;

/**
 * A job as stored. {@code attempt} counts claims (1 on the first run); {@code maxAttempts} is one
 * more than the configured retries. {@code checkpoint} is how many chunks earlier attempts of this
 * job committed, so a retried job resumes after them.
 */
public record Job(
    String jobId,
    TaskType taskType,
    Priority priority,
    JobState status,
    Stage stage,
    double progress,
    String message,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant updatedAt,
    Instant runAt,
    int attempt,
    int maxAttempts,
    String errorMessage,
    String workerId,
    Instant leaseUntil,
    String documentId,
    String parentJobId,
    JobParams params,
    String resultJson,
    boolean cancelRequested,
    int checkpoint) {

  /** Retries so far: every claim after the first. */
  public int retryCount() {
    return Math.max(0, attempt - 1);
  }

  public int maxRetries() {
    return maxAttempts - 1;
  }

  /** The guard every write by the worker running this attempt carries. */
  public Fence fence() {
    return new Fence(jobId, attempt, workerId);
  }
}
