package dev.intake.engine;

import dev.intake.store.StoreUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store write of a running job that outlasts a database outage: when the write fails because the
 * database cannot be reached, the job waits and runs it again until the database is back, instead
 * of failing its attempt. The time spent waiting is not counted against the job's time limit. Only
 * an interrupt (the worker is shutting down) ends the wait early, with {@link Abandoned}.
 *
 * <p>The writes must be idempotent or fenced: a write whose commit was sent but whose answer was
 * lost may have been applied when it runs again.
 */
final class OutageWait {
  private static final Logger log = LoggerFactory.getLogger(OutageWait.class);
  static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  /** The wait for the database was ended by an interrupt; the write did not happen. */
  static final class Abandoned extends RuntimeException {
    Abandoned(String what, StoreUnavailableException cause) {
      super("gave up storing " + what + ": " + cause.getMessage(), cause, false, false);
    }
  }

  private OutageWait() {}

  static <T> T untilStored(JobContext ctx, String what, Supplier<T> write) {
    try {
      return write.get();
    } catch (StoreUnavailableException e) {
      return waitAndRetry(ctx, what, write, e);
    }
  }

  private static <T> T waitAndRetry(
      JobContext ctx, String what, Supplier<T> write, StoreUnavailableException first) {
    log.warn("cannot store {} ({}); the job waits for the database", what, first.reason());
    long started = System.nanoTime();
    ctx.storeWaitStarted();
    try {
      long pause = FIRST_PAUSE.toMillis();
      StoreUnavailableException last = first;
      while (true) {
        if (!sleep(pause)) {
          throw new Abandoned(what, last);
        }
        pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
        try {
          T result = write.get();
          log.info(
              "stored {} after waiting {} s for the database",
              what,
              (System.nanoTime() - started) / 1_000_000 / 1000.0);
          return result;
        } catch (StoreUnavailableException e) {
          last = e;
          log.debug("still cannot store {}: {}", what, e.getMessage());
        }
      }
    } finally {
      ctx.storeWaitEnded();
    }
  }

  /** False if interrupted (the flag is kept set for the caller). */
  private static boolean sleep(long millis) {
    if (Thread.currentThread().isInterrupted()) {
      return false;
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
