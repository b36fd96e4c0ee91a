package dev.intake.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of {@code base * 2^(n-1)},
 * capped at {@code max}. The jitter spreads retries of jobs that failed together.
 */
public final class RetryPolicy {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  public RetryPolicy(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** Delay in milliseconds before the attempt after {@code failedAttempt} (1-based). */
  public long delayMillis(int failedAttempt) {
    int exponent = Math.min(Math.max(failedAttempt - 1, 0), 30);
    double full = Math.min((double) base.toMillis() * (1L << exponent), (double) max.toMillis());
    return Math.round(full * (0.5 + 0.5 * random.nextDouble()));
  }
}
