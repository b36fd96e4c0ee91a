package dev.intake.store;

import dev.intake.job.Priority;
import java.time.Instant;

/**
 * A worker asking for its next job: the lowest priority class it takes ({@code HIGH} for a
 * high-only worker, {@code LOW} for one that takes any) and the lease it will hold.
 */
public record ClaimRequest(String workerId, Priority lowest, Instant now, Instant leaseUntil) {}
