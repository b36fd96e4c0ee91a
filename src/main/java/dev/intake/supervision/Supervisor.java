package dev.intake.supervision;

import dev.intake.health.HealthRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the long-lived threads of a process (worker threads, the reaper, the index feeder, the event
 * poller, heartbeats, retention) so that none of them can die unnoticed. In the manner of an OTP
 * supervisor with a one-for-one strategy: a body that throws anything, {@link Error}s included, or
 * returns before it was stopped is logged (ERROR once per streak, with the cause), reported to the
 * {@link HealthRegistry} as degraded with the reason, and started again from the top after an
 * exponential backoff. Periodic work runs on a thread of its own rather than a {@code
 * ScheduledExecutorService}, which silently stops scheduling a task that threw once.
 *
 * <p>A restarted service is reported healthy again once it has run for {@link
 * Settings#stableAfter()} without dying; a periodic one as soon as a tick succeeds. A watchdog
 * thread of the supervisor's own does that check, and also restarts a service whose thread is gone
 * although it was never stopped (which the loop below should make impossible).
 */
public final class Supervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /**
   * Restart timing.
   *
   * @param firstBackoff wait before the first restart (and after the first failed tick)
   * @param maxBackoff the longest wait, however often it failed
   * @param stableAfter how long a restarted service must run before it counts as healthy again
   * @param watchdogEvery how often the watchdog looks at every service
   */
  public record Settings(
      Duration firstBackoff, Duration maxBackoff, Duration stableAfter, Duration watchdogEvery) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofSeconds(1));
    }
  }

  /** The body of a looping service; it should return once {@code self.stopping()}. */
  @FunctionalInterface
  public interface Body {
    void run(Service self) throws Exception;
  }

  /** One unit of periodic work. */
  @FunctionalInterface
  public interface Tick {
    void run() throws Exception;
  }

  private final HealthRegistry health;
  private final Clock clock;
  private final Settings settings;
  private final Consumer<Throwable> onFailure;
  private final Set<Service> services = ConcurrentHashMap.newKeySet();
  private final Service watchdog;

  /**
   * @param onFailure sees every throwable a service died of or a tick threw (to count running out
   *     of memory, for instance); it must not throw
   */
  public Supervisor(
      HealthRegistry health, Clock clock, Settings settings, Consumer<Throwable> onFailure) {
    this.health = health;
    this.clock = clock;
    this.settings = settings;
    this.onFailure = onFailure;
    this.watchdog = new Service("supervisor");
    launch(
        watchdog, () -> run(watchdog, self -> ticks(self, settings.watchdogEvery(), this::watch)));
  }

  /** Runs {@code body} on a thread named {@code name} until stopped, restarting it if it dies. */
  public Service loop(String name, Body body) {
    Service s = new Service(name);
    health.ok(name);
    launch(s, () -> run(s, body));
    services.add(s); // after the start, so the watchdog never sees it not yet alive
    return s;
  }

  /**
   * Runs {@code tick} every {@code period} (measured from the end of one tick to the start of the
   * next) on a thread named {@code name} until stopped. A tick that throws is logged and reported,
   * and the next one waits longer, up to the maximum backoff.
   */
  public Service every(String name, Duration period, Tick tick) {
    return loop(name, self -> ticks(self, period, tick));
  }

  private void launch(Service s, Runnable loop) {
    Thread t = Thread.ofPlatform().daemon().name(s.name()).unstarted(loop);
    s.attach(t, loop);
    t.start();
  }

  /** The supervising loop itself: the only way out is {@link Service#stop()}. */
  private void run(Service s, Body body) {
    try {
      while (!s.stopping()) {
        try {
          Thread.interrupted(); // an interrupt aimed at the run that died must not end this one
          s.started(clock.instant());
          Throwable cause = null;
          try {
            body.run(s);
          } catch (Throwable t) {
            cause = t;
          }
          if (s.stopping()) {
            break;
          }
          s.awaitStop(failed(s, cause, true));
        } catch (Throwable t) {
          // The supervisor's own code failed (out of memory while logging, say): pause without
          // allocating and go round again rather than let the thread end.
          LockSupport.parkNanos(settings.firstBackoff().toNanos());
        }
      }
    } finally {
      if (s.stopping()) {
        services.remove(s);
        health.remove(s.name());
      }
    }
  }

  private void ticks(Service s, Duration period, Tick tick) throws InterruptedException {
    while (!s.stopping()) {
      Duration wait = period;
      try {
        tick.run();
        if (s.degraded()) {
          log.info("{} works again after {} failed passes", s.name(), s.failuresInARow());
          s.recovered();
          health.ok(s.name());
        }
      } catch (InterruptedException e) {
        if (s.stopping()) {
          return;
        }
        throw e;
      } catch (Throwable t) {
        if (s.stopping()) {
          return;
        }
        wait = max(period, failed(s, t, false));
      }
      if (s.awaitStop(wait)) {
        return;
      }
    }
  }

  /** Logs and reports a failure; returns how long to wait before trying again. */
  private Duration failed(Service s, Throwable cause, boolean died) {
    int inARow = s.failed(died);
    Duration backoff = backoff(inARow);
    String what = cause == null ? "returned unexpectedly" : describe(cause);
    String reason =
        died
            ? "died %d time(s) in a row, last at %s (%s); restarted"
                .formatted(inARow, clock.instant(), what)
            : "%d pass(es) in a row failed, last at %s: %s"
                .formatted(inARow, clock.instant(), what);
    health.degraded(s.name(), reason);
    if (inARow == 1) {
      log.error(
          "{} {}; {} in {} ms",
          s.name(),
          died ? "died" : "failed",
          died ? "restarting" : "trying again",
          backoff.toMillis(),
          cause);
    } else {
      log.debug("{}: {}", s.name(), reason, cause);
    }
    if (cause != null) {
      onFailure.accept(cause);
    }
    return backoff;
  }

  private Duration backoff(int failuresInARow) {
    long first = settings.firstBackoff().toMillis();
    long factor = 1L << Math.min(20, Math.max(0, failuresInARow - 1));
    return Duration.ofMillis(Math.min(settings.maxBackoff().toMillis(), first * factor));
  }

  /** The watchdog's tick: clears health once restarts held, replaces vanished threads. */
  private void watch() {
    Instant now = clock.instant();
    for (Service s : services) {
      if (s.stopping()) {
        continue;
      }
      if (!s.isAlive()) {
        log.error("{} is not running although nobody stopped it; starting it again", s.name());
        health.degraded(s.name(), "its thread had vanished; started again");
        launch(s, s.runner());
        continue;
      }
      Instant since = s.runningSince();
      if (s.degraded()
          && s.restarts() > 0
          && since != null
          && !now.isBefore(since.plus(settings.stableAfter()))) {
        log.info("{} has run for {} since its last restart", s.name(), settings.stableAfter());
        s.recovered();
        health.ok(s.name());
      }
    }
  }

  /** Stops every service (and the watchdog) and waits up to {@code timeout} for them to end. */
  public void stopAll(Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    watchdog.stop();
    services.forEach(Service::stop);
    for (Service s : Set.copyOf(services)) {
      s.join(Duration.between(clock.instant(), deadline));
    }
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(5));
  }

  /** A one-line account of a throwable, for logs and health reasons. */
  public static String describe(Throwable t) {
    String m = t.getMessage();
    String kind = t.getClass().getSimpleName();
    return m == null || m.isBlank() ? kind : kind + ": " + m.lines().findFirst().orElse("").strip();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
