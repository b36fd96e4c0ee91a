package dev.intake.engine;

import dev.intake.job.Fence;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.Stage;
import dev.intake.store.JobStore;
import dev.intake.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What a running job sees of the engine: its claimed {@link Job}, progress reporting, and the stop
 * flag it must honour at safe points (between pages and embedding groups). Progress never goes
 * backwards; it is written to the store at most once per interval, except for a change of stage,
 * which is written at once. While the database cannot be reached, progress is not written and
 * {@link #persist} waits for it.
 */
public final class JobContext {
  private final Job job;
  private final JobStore store;
  private final JobEventBus events;
  private final Clock clock;
  private final Duration progressInterval;

  private volatile StopReason stopReason;
  private Stage stage;
  private double progress;
  private String message;
  private Instant lastWrite = Instant.EPOCH;
  private boolean unwritten; // the latest progress was held back by the interval
  // Time spent waiting for an unreachable database, which the time limit does not count.
  private final AtomicLong storeWaitNanos = new AtomicLong();
  private volatile long storeWaitSince; // System.nanoTime() while waiting, else 0

  JobContext(Job job, JobStore store, JobEventBus events, Clock clock, Duration progressInterval) {
    this.job = job;
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.progressInterval = progressInterval;
  }

  public Job job() {
    return job;
  }

  public Fence fence() {
    return job.fence();
  }

  public Clock clock() {
    return clock;
  }

  /** Asks the job to stop at its next safe point; the first reason given wins. */
  public void stop(StopReason reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** A safe point: throws {@link JobStoppedException} if the job was told to stop. */
  public void ensureActive() {
    StopReason r = stopReason;
    if (r != null) {
      throw new JobStoppedException(r);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new JobStoppedException(StopReason.SHUTDOWN);
    }
  }

  /**
   * Reports progress. {@code percent} below what was already reported is raised to it, so clients
   * never see progress go backwards.
   */
  public synchronized void progress(Stage newStage, double percent, String newMessage) {
    ensureActive();
    boolean stageChanged = newStage != stage;
    stage = newStage;
    progress = Math.max(progress, Math.min(100.0, Math.round(percent * 10) / 10.0));
    message = newMessage;
    Instant now = clock.instant();
    events.publish(new JobEvent(job.jobId(), JobState.PROCESSING, stage, progress, message, now));
    unwritten = true;
    if (stageChanged || !now.isBefore(lastWrite.plus(progressInterval))) {
      lastWrite = now;
      unwritten = false;
      boolean owned;
      try {
        owned = store.jobProgressIfOwned(fence(), stage, progress, message, now);
      } catch (StoreUnavailableException e) {
        return; // progress is for people: the next write after the outage carries it
      }
      if (!owned) {
        stop(StopReason.LEASE_LOST);
        ensureActive();
      }
    }
  }

  /**
   * Writes the latest progress if the interval held it back and has passed since; the lease renewal
   * calls this, so that a step that takes long (the OCR of a page) shows its message while it runs,
   * not only once the next one begins. Never throws.
   */
  synchronized void flushProgress() {
    Instant now = clock.instant();
    if (!unwritten || stopReason != null || now.isBefore(lastWrite.plus(progressInterval))) {
      return;
    }
    lastWrite = now;
    unwritten = false;
    try {
      if (!store.jobProgressIfOwned(fence(), stage, progress, message, now)) {
        stop(StopReason.LEASE_LOST);
      }
    } catch (StoreUnavailableException e) {
      unwritten = true; // the next renewal after the outage carries it
    }
  }

  /**
   * Runs a store write of this job (e.g. a group of chunks); while the database cannot be reached,
   * waits for it and runs the write again, so an outage does not cost the job its attempt. The
   * write must be fenced or idempotent. {@code what} names it in the log.
   */
  public <T> T persist(String what, Supplier<T> write) {
    return OutageWait.untilStored(this, what, write);
  }

  void storeWaitStarted() {
    storeWaitSince = System.nanoTime();
  }

  void storeWaitEnded() {
    long since = storeWaitSince;
    if (since != 0) {
      storeWaitSince = 0;
      storeWaitNanos.addAndGet(System.nanoTime() - since);
    }
  }

  /** How long this job has waited for an unreachable database so far. */
  Duration storeWaited() {
    long since = storeWaitSince;
    long now = since == 0 ? 0 : System.nanoTime() - since;
    return Duration.ofNanos(storeWaitNanos.get() + now);
  }

  public synchronized double progress() {
    return progress;
  }
}
