package dev.intake.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived thread owned by a {@link Supervisor}. Its body runs until {@link #stop()}; if it
 * throws or returns before that, the supervisor logs it, reports it and runs the body again on a
 * fresh stack after a backoff.
 */
public final class Service {
  private final String name;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile Runnable runner;
  private volatile int restarts;
  private volatile int failuresInARow;
  private volatile boolean degraded;
  private volatile Instant runningSince;

  Service(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** True once {@link #stop()} was called: the body should return at its next chance. */
  public boolean stopping() {
    return stopped.getCount() == 0;
  }

  /**
   * Asks the service to end: it is not restarted any more, and a wait between ticks or restarts
   * ends at once. The body itself is not interrupted; its owner signals it the way it understands
   * (a flag, a wake-up, {@link #interrupt()}).
   */
  public void stop() {
    stopped.countDown();
  }

  /** Interrupts the service's thread, for bodies that stop on an interrupt. */
  public void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Waits for the thread to end; true if it did within {@code timeout}. */
  public boolean join(Duration timeout) {
    Thread t = thread;
    if (t == null) {
      return true;
    }
    try {
      return t.join(timeout.isNegative() ? Duration.ofMillis(1) : timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !t.isAlive();
    }
  }

  public boolean isAlive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** How often the body was started again after it died. */
  public int restarts() {
    return restarts;
  }

  /** Waits up to {@code timeout} unless stopped; true if stopped. */
  boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  void attach(Thread t, Runnable loop) {
    thread = t;
    runner = loop;
  }

  Runnable runner() {
    return runner;
  }

  void started(Instant now) {
    runningSince = now;
  }

  Instant runningSince() {
    return runningSince;
  }

  /** Counts a death of the body (restart) or a failed tick; returns the failures in a row. */
  synchronized int failed(boolean died) {
    if (died) {
      restarts++;
    }
    degraded = true;
    return ++failuresInARow;
  }

  int failuresInARow() {
    return failuresInARow;
  }

  boolean degraded() {
    return degraded;
  }

  synchronized void recovered() {
    failuresInARow = 0;
    degraded = false;
  }
}
