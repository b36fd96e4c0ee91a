package dev.intake.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process knows about the health of its parts. Each part (a supervised service, the
 * database, the parser sandbox, the index feeder …) reports under its own name whenever its state
 * changes; {@code /health} reads the snapshot. A part that never reported is not listed.
 *
 * <p>Thread-safe. Reporting the state a part is already in keeps its {@code since}.
 */
public final class HealthRegistry {

  /** How well a part works. */
  public enum Level {
    /** Works. */
    OK,
    /** Works partly or recovers on its own (restarted, skipping entries, retrying). */
    DEGRADED,
    /** Does not work. */
    DOWN;

    /** The worse of two levels. */
    public Level worst(Level other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /**
   * One part's state.
   *
   * @param level how well it works
   * @param reason words for a person when not {@link Level#OK}; null when OK
   * @param since when it entered this level
   */
  public record Status(Level level, String reason, Instant since) {}

  private final Clock clock;
  private final Map<String, Status> parts = new ConcurrentHashMap<>();

  public HealthRegistry(Clock clock) {
    this.clock = clock;
  }

  public void ok(String part) {
    report(part, Level.OK, null);
  }

  public void degraded(String part, String reason) {
    report(part, Level.DEGRADED, reason);
  }

  public void down(String part, String reason) {
    report(part, Level.DOWN, reason);
  }

  /** Records {@code part}'s level; {@code since} moves only when the level changes. */
  public void report(String part, Level level, String reason) {
    Instant now = clock.instant();
    parts.compute(
        part,
        (name, old) ->
            old != null && old.level() == level
                ? new Status(level, reason, old.since())
                : new Status(level, reason, now));
  }

  /** Forgets a part, for one that was stopped on purpose. */
  public void remove(String part) {
    parts.remove(part);
  }

  /** Every part reported so far, by name. */
  public Map<String, Status> snapshot() {
    return new TreeMap<>(parts);
  }

  /** The worst level of any part; {@link Level#OK} when none reported. */
  public Level overall() {
    return parts.values().stream().map(Status::level).reduce(Level.OK, Level::worst);
  }
}
