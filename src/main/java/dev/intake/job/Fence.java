package dev.intake.job;

/**
 * Identifies one attempt of one job by one worker. Every write a worker makes for a job is guarded
 * on all three, so a worker whose lease expired and whose job was claimed again changes nothing.
 */
public record Fence(String jobId, int attempt, String workerId) {}
