package dev.intake.engine;

import dev.intake.job.JobState;
import dev.intake.job.Stage;
import java.time.Instant;

/** A change of a job's status, stage or progress, as pushed to subscribers. */
public record JobEvent(
    String jobId,
    JobState status,
    Stage stage,
    double progress,
    String message,
    Instant updatedAt) {}
