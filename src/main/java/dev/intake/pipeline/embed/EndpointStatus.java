package dev.intake.pipeline.embed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether a remote embedding endpoint could be used at its last request, and why not. Subscribers
 * hear of each change (not of each request), in order, on the thread whose request changed it, so
 * they must be quick (a health report).
 */
public final class EndpointStatus {

  /** Hears that the endpoint became usable ({@code reason} null) or unavailable. */
  public interface Listener {
    void changed(boolean available, String reason);
  }

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private boolean available = true; // guarded by this
  private String reason; // guarded by this

  /** Adds {@code listener} and tells it the current state at once. */
  public synchronized void subscribe(Listener listener) {
    listeners.add(listener);
    listener.changed(available, reason);
  }

  public synchronized boolean available() {
    return available;
  }

  /** Why the endpoint is unavailable; null while it is available. */
  public synchronized String reason() {
    return reason;
  }

  void reachable() {
    set(true, null);
  }

  void unavailable(String why) {
    set(false, why);
  }

  private synchronized void set(boolean nowAvailable, String why) {
    if (available == nowAvailable && (nowAvailable || why.equals(reason))) {
      return;
    }
    available = nowAvailable;
    reason = why;
    listeners.forEach(l -> l.changed(nowAvailable, why));
  }
}
