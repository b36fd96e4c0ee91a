package dev.intake.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process can reach its database. A background probe decides ({@link #down} and {@link
 * #up}); a call that failed because the database seemed unreachable only asks the probe to look
 * again at once ({@link #suspect}), so one broken connection cannot close the store. While the
 * database is known to be down, {@link #check} fails at once, so requests do not each wait for a
 * time-out. Recent outages are remembered: the reaper uses them to tell a lease that lapsed because
 * nobody could reach the database from a worker that died.
 *
 * <p>Thread-safe. Listeners are told of every change, on the thread that made it.
 */
public final class StoreAvailability {
  private static final Logger log = LoggerFactory.getLogger(StoreAvailability.class);
  private static final int REMEMBERED = 16;

  /**
   * One period in which the database could not be reached, as this process saw it.
   *
   * @param end when it was reachable again; null while the outage lasts
   */
  public record Outage(Instant start, Instant end, String reason) {
    public boolean ongoing() {
      return end == null;
    }
  }

  /** Told when the database becomes unreachable ({@code available} false) or reachable again. */
  @FunctionalInterface
  public interface Listener {
    void changed(boolean available, String reason);
  }

  private final Clock clock;
  private final Deque<Outage> past = new ArrayDeque<>(); // newest first
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile Runnable onSuspect = () -> {};
  private volatile Outage current; // null while reachable

  public StoreAvailability(Clock clock) {
    this.clock = clock;
  }

  public boolean isAvailable() {
    return current == null;
  }

  /** Fails at once while the database is known to be unreachable. */
  public void check() {
    Outage o = current;
    if (o != null) {
      throw new StoreUnavailableException(o.reason() + ", since " + o.start(), null);
    }
  }

  /** The outage in progress, if any. */
  public Outage current() {
    return current;
  }

  /** The outages this process saw, newest first; one in progress comes first, with a null end. */
  public synchronized List<Outage> outages() {
    List<Outage> all = new ArrayList<>(past.size() + 1);
    Outage o = current;
    if (o != null) {
      all.add(o);
    }
    all.addAll(past);
    return all;
  }

  public void subscribe(Listener listener) {
    listeners.add(listener);
  }

  /** Sets what {@link #suspect} runs: the probe's "look now". */
  public void whenSuspected(Runnable lookNow) {
    onSuspect = lookNow;
  }

  /** A call failed as if the database were unreachable: the probe looks again now. */
  public void suspect() {
    onSuspect.run();
  }

  /** The database cannot be reached; {@code reason} names no host or credential. */
  public void down(String reason) {
    Instant now = clock.instant();
    synchronized (this) {
      if (current != null) {
        return;
      }
      current = new Outage(now, null, reason);
    }
    log.warn("the database cannot be reached ({}): requests answer 503, workers wait", reason);
    listeners.forEach(l -> l.changed(false, reason));
  }

  /** The database answers again. */
  public void up() {
    Instant now = clock.instant();
    Outage ended;
    synchronized (this) {
      if (current == null) {
        return;
      }
      ended = new Outage(current.start(), now, current.reason());
      past.addFirst(ended);
      while (past.size() > REMEMBERED) {
        past.removeLast();
      }
      current = null;
    }
    log.info(
        "the database is reachable again after {} s",
        Duration.between(ended.start(), ended.end()).toMillis() / 1000.0);
    listeners.forEach(l -> l.changed(true, null));
  }
}
