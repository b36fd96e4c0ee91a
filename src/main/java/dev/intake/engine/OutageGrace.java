package dev.intake.engine;

import dev.intake.store.StoreAvailability;
import dev.intake.store.StoreAvailability.Outage;
import java.time.Duration;
import java.time.Instant;

/**
 * The reaper's rule for database outages. While the database cannot be reached no worker can renew
 * its lease, so when it is back every lease has lapsed at once, and a reaper that ran then would
 * count an attempt for every running job. So after an outage this process saw:
 *
 * <ul>
 *   <li>the reaper rescues nothing for one lease duration: live workers renew their leases in that
 *       time (they renew every third of it) and carry on;
 *   <li>a job whose lease lapsed in the outage and was not renewed even then goes back to the queue
 *       without counting the attempt: its worker died or is still cut off, and either way the job
 *       is not to blame. Such a lease was last renewed before the outage ended, so it ends after
 *       the outage began and at most one lease after it ended.
 * </ul>
 */
public final class OutageGrace {
  private final StoreAvailability availability;
  private final Duration lease;

  /**
   * @param availability the outages this process saw
   * @param lease the lease duration workers use
   */
  public OutageGrace(StoreAvailability availability, Duration lease) {
    this.availability = availability;
    this.lease = lease;
  }

  /** Whether the reaper must not rescue now: an outage lasts, or ended less than a lease ago. */
  public boolean holdsRescues(Instant now) {
    for (Outage o : availability.outages()) {
      if (o.ongoing() || now.isBefore(o.end().plus(lease))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a lease that ran until {@code leaseUntil} lapsed because of an outage. */
  public boolean lapsedInOutage(Instant leaseUntil) {
    for (Outage o : availability.outages()) {
      if (leaseUntil.isAfter(o.start())
          && (o.ongoing() || !leaseUntil.isAfter(o.end().plus(lease)))) {
        return true;
      }
    }
    return false;
  }
}
