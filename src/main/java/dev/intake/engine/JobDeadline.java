package dev.intake.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running job's time limit ({@code TASK_JOB_TIMEOUT}), which does not count the time the job
 * spent waiting for an unreachable database: when the limit comes due, the deadline moves on by
 * that time. Once it is really due, the job is told to stop and its thread is interrupted.
 */
final class JobDeadline {
  private static final Logger log = LoggerFactory.getLogger(JobDeadline.class);

  private final ScheduledExecutorService scheduler;
  private final JobContext ctx;
  private final Thread worker;
  private final Duration limit;
  private final long startedNanos = System.nanoTime();
  private ScheduledFuture<?> next;
  private boolean cancelled;

  private JobDeadline(
      ScheduledExecutorService scheduler, JobContext ctx, Thread worker, Duration limit) {
    this.scheduler = scheduler;
    this.ctx = ctx;
    this.worker = worker;
    this.limit = limit;
  }

  /** Starts the clock for {@code ctx}'s job, which runs on {@code worker}. */
  static JobDeadline start(
      ScheduledExecutorService scheduler, JobContext ctx, Thread worker, Duration limit) {
    JobDeadline d = new JobDeadline(scheduler, ctx, worker, limit);
    d.arm(limit.toNanos());
    return d;
  }

  /** Stops the clock; after this returns the job's thread is not interrupted by it. */
  synchronized void cancel() {
    cancelled = true;
    if (next != null) {
      next.cancel(false);
    }
  }

  private synchronized void arm(long nanos) {
    if (!cancelled) {
      next = scheduler.schedule(this::due, nanos, TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void due() {
    if (cancelled) {
      return;
    }
    long worked = System.nanoTime() - startedNanos - ctx.storeWaited().toNanos();
    long left = limit.toNanos() - worked;
    if (left > 0) {
      arm(left);
      return;
    }
    log.warn("job {} ran past its time limit of {}; stopping it", ctx.job().jobId(), limit);
    ctx.stop(StopReason.TIMED_OUT);
    worker.interrupt();
  }
}
