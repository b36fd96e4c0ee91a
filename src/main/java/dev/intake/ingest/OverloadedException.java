package dev.intake.ingest;

import java.time.Duration;

/**
 * New work was refused, before anything was stored, because the queue is full or the disk nearly
 * is. The client should try again after {@link #retryAfter()}.
 */
public final class OverloadedException extends RuntimeException {
  private final String code;
  private final Duration retryAfter;

  OverloadedException(String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** {@code queue_full} or {@code disk_full}. */
  public String code() {
    return code;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
