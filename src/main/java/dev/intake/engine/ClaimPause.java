package dev.intake.engine;

import dev.intake.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers stop claiming while the database cannot be reached: every claim would fail. Idle waits
 * grow from the poll interval up to {@link #MAX_WAIT} (a wake-up ends them early, e.g. when the
 * database is back); the first failure is logged at WARN, the following ones at DEBUG, and the
 * first claim that works again at INFO. Shared by the threads of one pool.
 */
final class ClaimPause {
  private static final Logger log = LoggerFactory.getLogger(ClaimPause.class);
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final AtomicInteger failures = new AtomicInteger();

  void failed(StoreUnavailableException e) {
    if (failures.getAndIncrement() == 0) {
      log.warn("workers stop claiming jobs until the database is back: {}", e.getMessage());
    } else {
      log.debug("claim failed: {}", e.getMessage());
    }
  }

  void succeeded() {
    if (failures.getAndSet(0) > 0) {
      log.info("the database answers again: workers claim jobs again");
    }
  }

  boolean paused() {
    return failures.get() > 0;
  }

  /** How long an idle worker waits before it tries to claim again. */
  Duration idleWait(Duration pollInterval) {
    int n = failures.get();
    if (n == 0) {
      return pollInterval;
    }
    long backoff = 250L << Math.min(n, 5);
    return Duration.ofMillis(
        Math.min(MAX_WAIT.toMillis(), Math.max(pollInterval.toMillis(), backoff)));
  }
}
