package dev.intake.store;

import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;

/** A job about to be enqueued. */
public record NewJob(
    String jobId,
    TaskType taskType,
    Priority priority,
    int maxAttempts,
    String documentId,
    String parentJobId,
    JobParams params,
    String message) {}
