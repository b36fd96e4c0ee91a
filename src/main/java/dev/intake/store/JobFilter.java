package dev.intake.store;

import dev.intake.job.JobState;
import dev.intake.job.TaskType;

/** A page of the job list, newest first; null filters match everything. */
public record JobFilter(JobState status, TaskType taskType, int limit, int offset) {}
