package dev.intake.engine;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes idle workers when a job is enqueued in this process (or, with PostgreSQL, announced by
 * NOTIFY). A worker that was not waiting when the signal came still sees it: signals are counted,
 * not lost.
 */
public final class WakeSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  public void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The current generation, to pass to {@link #awaitAfter}. */
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a signal newer than {@code seen} arrives or {@code timeout} passes. */
  public void awaitAfter(long seen, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
