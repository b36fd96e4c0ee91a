package dev.intake.store;

import dev.intake.job.JobState;

/** A job whose lease had expired, and the state the reaper moved it to. */
public record RescuedJob(String jobId, String lostWorkerId, int attempt, JobState newState) {}
