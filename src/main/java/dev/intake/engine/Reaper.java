package dev.intake.engine;

import dev.intake.store.JobStore;
import dev.intake.store.RescuedJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns jobs whose worker stopped renewing its lease to the queue (or fails them as poison once
 * out of attempts) and forgets workers that stopped sending heartbeats. Any process may run one;
 * the guarded statements make concurrent reapers harmless.
 */
public final class Reaper {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);

  private final JobStore store;
  private final RetryPolicy retryPolicy;
  private final WakeSignal wake;
  private final Clock clock;
  private final Duration workerExpiry;

  public Reaper(
      JobStore store,
      RetryPolicy retryPolicy,
      WakeSignal wake,
      Clock clock,
      Duration workerExpiry) {
    this.store = store;
    this.retryPolicy = retryPolicy;
    this.wake = wake;
    this.clock = clock;
    this.workerExpiry = workerExpiry;
  }

  /** One pass; returns the jobs it moved. */
  public List<RescuedJob> runOnce() {
    List<RescuedJob> rescued = store.jobRescueExpired(clock.instant(), retryPolicy::delayMillis);
    for (RescuedJob r : rescued) {
      log.warn(
          "job {} lost its worker {} during attempt {}; now {}",
          r.jobId(),
          r.lostWorkerId(),
          r.attempt(),
          r.newState().wireName());
    }
    if (!rescued.isEmpty()) {
      wake.signal();
    }
    store.workerRemoveStale(clock.instant().minus(workerExpiry));
    return rescued;
  }
}
