package dev.intake.store;

import java.time.Instant;

/** Jobs that ended completed and failed within one minute (starting at {@code minute}). */
public record FinishedPerMinute(Instant minute, long completed, long failed) {}
