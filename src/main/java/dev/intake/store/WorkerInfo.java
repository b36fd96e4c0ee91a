package dev.intake.store;

import java.time.Instant;

/**
 * A live worker as registered in the store (one row per worker thread of any process). {@code
 * metricsUrl} is where its process serves Prometheus metrics (null if it serves none).
 */
public record WorkerInfo(
    String workerId,
    String name,
    String priority,
    String status,
    String host,
    long pid,
    long processed,
    long failed,
    String currentJob,
    Instant startedAt,
    Instant lastHeartbeat,
    String metricsUrl) {}
