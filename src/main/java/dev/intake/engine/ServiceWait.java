package dev.intake.engine;

import dev.intake.job.Stage;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call of a running job to a shared service (the embedding endpoint) that outlasts the service's
 * outage, as {@link OutageWait} outlasts the database's: while the call fails because the service
 * cannot be used at all (it refuses connections, or answers "not ready" or "too many requests"),
 * the job keeps its lease, says so in its progress message, and calls again after a growing pause.
 * Such a failure is the infrastructure's, not the document's, so it costs no attempt, and the time
 * spent waiting does not count against the job's time limit.
 *
 * <p>The wait ends when the call succeeds, or at a safe point when the job must stop (cancelled,
 * lease lost, shutting down: an interrupt). Any other failure of the call is thrown at once.
 */
public final class ServiceWait {
  private static final Logger log = LoggerFactory.getLogger(ServiceWait.class);
  static final Duration FIRST_PAUSE = Duration.ofMillis(250);
  static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  private ServiceWait() {}

  /**
   * Runs {@code call}; while it throws what {@code unavailable} accepts, waits and runs it again.
   *
   * @param stage the stage the job is in, for the progress message while it waits
   * @throws JobStoppedException when the job must stop while it waits
   */
  public static <T> T untilAvailable(
      JobContext ctx, Stage stage, Supplier<T> call, Predicate<RuntimeException> unavailable) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (!unavailable.test(e)) {
        throw e;
      }
      return waitAndRetry(ctx, stage, call, unavailable, e);
    }
  }

  private static <T> T waitAndRetry(
      JobContext ctx,
      Stage stage,
      Supplier<T> call,
      Predicate<RuntimeException> unavailable,
      RuntimeException first) {
    log.warn("{}; the job waits for it (no attempt is counted)", first.getMessage());
    String waiting = "Waiting: " + first.getMessage();
    long started = System.nanoTime();
    ctx.storeWaitStarted();
    try {
      long pause = FIRST_PAUSE.toMillis();
      while (true) {
        // Each round, so the store gets the message once the progress interval allows a write.
        ctx.progress(stage, ctx.progress(), waiting);
        pause(ctx, pause); // cancelled, lease lost, or interrupted by a shutdown: stops here
        pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
        try {
          T result = call.get();
          log.info(
              "the service answered again after {} s",
              (System.nanoTime() - started) / 1_000_000_000);
          return result;
        } catch (RuntimeException e) {
          if (!unavailable.test(e)) {
            throw e;
          }
          log.debug("still waiting: {}", e.getMessage());
        }
      }
    } finally {
      ctx.storeWaitEnded();
    }
  }

  /**
   * Sleeps in short slices, each followed by a safe point, so that a cancel or a shutdown is seen
   * within a slice, not only after a long pause. An interrupt stays set for {@link
   * JobContext#ensureActive()}, which turns it into a stop.
   */
  private static void pause(JobContext ctx, long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (true) {
      ctx.ensureActive();
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.min(left, SLICE_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final long SLICE_MILLIS = 100;
}
