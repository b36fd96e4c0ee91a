package dev.intake.store;

import java.time.Instant;

/**
 * One change of a job's status, stage or attempt, as recorded in the transaction that made it.
 *
 * @param workerId the worker that held the job then (kept when the change released it)
 * @param message the job's message after the change
 * @param errorMessage the job's error after the change (set by a retry or a failure)
 */
public record JobChange(
    Instant at,
    String status,
    String stage,
    int attempt,
    String workerId,
    String message,
    String errorMessage) {}
