package dev.intake.engine;

import dev.intake.health.HealthRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this process does when an {@link OutOfMemoryError} reaches it (docs/DESIGN.md, "Out of
 * memory"). One such error ends the attempt that hit it, and {@code /health} says "degraded" for
 * {@link Settings#window()}; the process carries on, because the error most often belongs to one
 * oversized document whose memory is freed when its stack unwinds. {@link Settings#limit()} errors
 * within the window mean the process itself is short of memory, and a process that looks alive but
 * cannot work is worse than none: {@link #onLimit} then runs once, and the node hands its jobs back
 * and exits with {@link #EXIT_CODE} so that its process supervisor starts a fresh one.
 */
public final class MemoryGuard {
  private static final Logger log = LoggerFactory.getLogger(MemoryGuard.class);

  /** The exit code of a process that gave up after repeated out-of-memory errors (EX_TEMPFAIL). */
  public static final int EXIT_CODE = 75;

  /** The health part this guard reports under. */
  public static final String PART = "memory";

  /**
   * @param limit errors within {@code window} that make the process exit
   * @param window how far back errors count, and how long {@code /health} remembers one
   */
  public record Settings(int limit, Duration window) {
    public static Settings defaults() {
      return new Settings(3, Duration.ofMinutes(10));
    }
  }

  private final HealthRegistry health;
  private final Clock clock;
  private final Settings settings;
  private final Runnable onLimit;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private boolean tripped;

  public MemoryGuard(HealthRegistry health, Clock clock, Settings settings, Runnable onLimit) {
    this.health = health;
    this.clock = clock;
    this.settings = settings;
    this.onLimit = onLimit;
  }

  /** Looks at any throwable a job or service ended with and counts it if it is out of memory. */
  public void observe(Throwable t, String where) {
    if (t instanceof OutOfMemoryError) {
      outOfMemory(where);
    }
  }

  /** Counts one out-of-memory error in {@code where} (a job id or a service name). */
  public void outOfMemory(String where) {
    boolean exit;
    synchronized (this) {
      Instant now = clock.instant();
      prune(now);
      recent.addLast(now);
      health.degraded(
          PART,
          "ran out of memory %d time(s) in the last %d min, last in %s at %s"
              .formatted(recent.size(), settings.window().toMinutes(), where, now));
      exit = recent.size() >= settings.limit() && !tripped;
      tripped |= exit;
    }
    if (exit) {
      log.error(
          "ran out of memory {} times within {}: handing jobs back and exiting with code {}",
          settings.limit(),
          settings.window(),
          EXIT_CODE);
      onLimit.run();
    } else {
      log.error("ran out of memory in {}; the process carries on", where);
    }
  }

  /** Reports healthy again once the last error is older than the window. */
  public synchronized void refresh() {
    prune(clock.instant());
    if (recent.isEmpty() && !tripped && health.snapshot().containsKey(PART)) {
      health.ok(PART);
    }
  }

  /** Errors counted within the window. */
  public synchronized int recentCount() {
    prune(clock.instant());
    return recent.size();
  }

  private void prune(Instant now) {
    Instant cutoff = now.minus(settings.window());
    while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
      recent.removeFirst();
    }
  }
}
