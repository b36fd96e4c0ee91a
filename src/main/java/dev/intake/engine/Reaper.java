package dev.intake.engine;

import dev.intake.store.JobStore;
import dev.intake.store.RescuedJob;
import dev.intake.store.StoreAvailability;
import dev.intake.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns jobs whose worker stopped renewing its lease to the queue (or fails them as poison once
 * out of attempts) and forgets workers that stopped sending heartbeats. Any process may run one;
 * the guarded statements make concurrent reapers harmless. Database outages follow {@link
 * OutageGrace}: they never cost a job an attempt.
 */
public final class Reaper {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);

  private final JobStore store;
  private final RetryPolicy retryPolicy;
  private final WakeSignal wake;
  private final Clock clock;
  private final Duration workerExpiry;
  private final OutageGrace outages;

  /** A reaper for a store whose outages this process does not watch. */
  public Reaper(
      JobStore store,
      RetryPolicy retryPolicy,
      WakeSignal wake,
      Clock clock,
      Duration workerExpiry) {
    this(
        store,
        retryPolicy,
        wake,
        clock,
        workerExpiry,
        new OutageGrace(new StoreAvailability(clock), Duration.ZERO));
  }

  public Reaper(
      JobStore store,
      RetryPolicy retryPolicy,
      WakeSignal wake,
      Clock clock,
      Duration workerExpiry,
      OutageGrace outages) {
    this.store = store;
    this.retryPolicy = retryPolicy;
    this.wake = wake;
    this.clock = clock;
    this.workerExpiry = workerExpiry;
    this.outages = outages;
  }

  /**
   * One pass; returns the jobs it moved. A pass that cannot reach the database does nothing: the
   * outage is the database's to report, and the next pass after it follows {@link OutageGrace}.
   */
  public List<RescuedJob> runOnce() {
    try {
      return pass();
    } catch (StoreUnavailableException e) {
      log.debug("reaper pass skipped: {}", e.getMessage());
      return List.of();
    }
  }

  private List<RescuedJob> pass() {
    Instant now = clock.instant();
    if (outages.holdsRescues(now)) {
      return List.of(); // live workers renew their leases first; their rows come back as well
    }
    List<RescuedJob> rescued =
        store.jobRescueExpired(now, retryPolicy::delayMillis, outages::lapsedInOutage);
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
    store.workerRemoveStale(now.minus(workerExpiry));
    return rescued;
  }
}
