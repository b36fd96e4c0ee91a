package dev.intake.engine;

import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.TaskType;
import dev.intake.pipeline.IngestException;
import dev.intake.store.Completion;
import dev.intake.store.Heartbeat;
import dev.intake.store.JobStore;
import dev.intake.store.RequeueOutcome;
import dev.intake.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one claimed job on the calling thread: keeps its lease alive, enforces its time limit, calls
 * the handler for its task type and records the outcome with fenced writes. A database outage is
 * not the job's fault: the outcome writes wait for the database, and a job whose handler could not
 * reach it goes back to the queue without counting the attempt.
 */
public final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Timing of leases and limits. */
  public record Timing(
      Duration lease, Duration heartbeatEvery, Duration timeout, Duration progressInterval) {}

  private final JobStore store;
  private final Map<TaskType, JobHandler> handlers;
  private final RetryPolicy retryPolicy;
  private final JobEventBus events;
  private final RunningJobs running;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Timing timing;
  private final MemoryGuard memory;

  public JobRunner(
      JobStore store,
      Map<TaskType, JobHandler> handlers,
      RetryPolicy retryPolicy,
      JobEventBus events,
      RunningJobs running,
      ScheduledExecutorService scheduler,
      Clock clock,
      Timing timing,
      MemoryGuard memory) {
    this.store = store;
    this.handlers = Map.copyOf(handlers);
    this.retryPolicy = retryPolicy;
    this.events = events;
    this.running = running;
    this.scheduler = scheduler;
    this.clock = clock;
    this.timing = timing;
    this.memory = memory;
  }

  public Outcome run(Job job) {
    JobContext ctx = new JobContext(job, store, events, clock, timing.progressInterval());
    Thread worker = Thread.currentThread();
    MDC.put("job_id", job.jobId());
    running.add(ctx);
    ScheduledFuture<?> heartbeat =
        scheduler.scheduleWithFixedDelay(
            () -> heartbeat(ctx),
            timing.heartbeatEvery().toMillis(),
            timing.heartbeatEvery().toMillis(),
            TimeUnit.MILLISECONDS);
    JobDeadline deadline = JobDeadline.start(scheduler, ctx, worker, timing.timeout());
    try {
      log.info(
          "running {} attempt {} of {}",
          job.taskType().wireName(),
          job.attempt(),
          job.maxAttempts());
      Outcome outcome = execute(ctx);
      log.info("job ended: {}", outcome);
      return outcome;
    } finally {
      deadline.cancel();
      heartbeat.cancel(false);
      running.remove(ctx);
      Thread.interrupted(); // a late timeout interrupt must not leak into the next job
      MDC.remove("job_id");
    }
  }

  private Outcome execute(JobContext ctx) {
    Job job = ctx.job();
    JobHandler handler = handlers.get(job.taskType());
    try {
      if (handler == null) {
        throw IngestException.permanent(
            "unsupported_task", "No worker handles " + job.taskType().wireName() + " jobs");
      }
      Completion completion = handler.run(ctx);
      ctx.ensureActive();
      Instant now = clock.instant();
      boolean owned =
          stored(
              ctx,
              "the completion",
              () ->
                  completion.skipped()
                      ? store.jobSkipIfOwned(
                          ctx.fence(),
                          completion.documentId(),
                          completion.resultJson(),
                          completion.message(),
                          now)
                      : store.jobCompleteIfOwned(ctx.fence(), completion, now));
      if (!owned) {
        return Outcome.LOST;
      }
      publish(job, JobState.COMPLETED, 100.0, completion.message(), now);
      return Outcome.COMPLETED;
    } catch (JobStoppedException e) {
      return stopped(ctx, e.reason());
    } catch (OutageWait.Abandoned e) {
      log.warn("stopped while the database was unreachable: {}", e.getMessage());
      return Outcome.LOST; // the lease lapses; the reaper re-queues the job without counting it
    } catch (Throwable e) { // the boundary of one job: whatever it threw ends this attempt only
      if (ctx.stopReason() != null) {
        return stopped(ctx, ctx.stopReason());
      }
      Optional<StoreUnavailableException> outage = StoreUnavailableException.in(e);
      if (outage.isPresent()) {
        return handBack(ctx, outage.get());
      }
      return failed(ctx, e);
    }
  }

  /** Turns what a handler threw into the job's outcome, with a message a person can act on. */
  private Outcome failed(JobContext ctx, Throwable e) {
    return switch (e) {
      case IngestException ie when ie.isPermanent() -> fail(ctx, ie.getMessage(), ie);
      case IngestException ie -> retryOrFail(ctx, ie.getMessage(), ie);
      case OutOfMemoryError oom -> {
        // Record the attempt before the guard may decide that the process must exit: the job that
        // hit the error spends its attempt, so a document that always exhausts memory ends failed
        // instead of taking down every process it is handed to.
        Outcome o = retryOrFail(ctx, OUT_OF_MEMORY, oom);
        memory.outOfMemory("job " + ctx.job().jobId());
        yield o;
      }
      case StackOverflowError so -> fail(ctx, TOO_DEEP, so);
      default -> retryOrFail(ctx, describe(e), e);
    };
  }

  static final String OUT_OF_MEMORY = "The worker ran out of memory while processing this document";
  static final String TOO_DEEP =
      "The document is nested too deeply to process (the worker's stack overflowed)";

  /**
   * The handler could not reach the database: not the job's fault. Once the database is back the
   * job goes back to the queue with the attempt not counted, and resumes from its checkpoint.
   */
  private Outcome handBack(JobContext ctx, StoreUnavailableException e) {
    log.warn("the database could not be reached ({}); handing the job back", e.reason());
    return requeued(
        ctx,
        "the hand-back",
        () ->
            store.jobHandBackIfOwned(
                ctx.fence(),
                "Queued again: its worker could not reach the database (attempt not counted)",
                clock.instant()),
        Outcome.RELEASED);
  }

  /**
   * Puts the job back in the queue ({@code queued} when it went), or ends it cancelled when a
   * client asked to cancel it before this worker saw the request.
   */
  private Outcome requeued(
      JobContext ctx, String what, Supplier<RequeueOutcome> write, Outcome queued) {
    return switch (stored(ctx, what, write, RequeueOutcome.NOT_OWNED)) {
      case QUEUED -> queued;
      case CANCELLED -> {
        Instant now = clock.instant();
        publish(ctx.job(), JobState.CANCELLED, ctx.progress(), "Cancelled while processing", now);
        yield Outcome.CANCELLED;
      }
      case NOT_OWNED -> Outcome.LOST;
    };
  }

  /**
   * An outcome write that waits out a database outage ({@link OutageWait}); false, like a lost
   * lease, if the worker stops before the database is back.
   */
  private boolean stored(JobContext ctx, String what, BooleanSupplier write) {
    return stored(ctx, what, write::getAsBoolean, false);
  }

  /** {@link #stored(JobContext, String, BooleanSupplier)} for a write with a richer answer. */
  private <T> T stored(JobContext ctx, String what, Supplier<T> write, T ifAbandoned) {
    try {
      return OutageWait.untilStored(ctx, what, write);
    } catch (OutageWait.Abandoned e) {
      log.warn("stopped while the database was unreachable: {}", e.getMessage());
      return ifAbandoned;
    }
  }

  private Outcome stopped(JobContext ctx, StopReason reason) {
    Instant now = clock.instant();
    return switch (reason) {
      case CANCELLED -> {
        boolean mine =
            stored(ctx, "the cancellation", () -> store.jobCancelledIfOwned(ctx.fence(), now));
        if (mine) {
          publish(ctx.job(), JobState.CANCELLED, ctx.progress(), "Cancelled while processing", now);
        }
        yield mine ? Outcome.CANCELLED : Outcome.LOST;
      }
      case LEASE_LOST -> {
        log.warn("lost the lease; another worker owns the job now");
        yield Outcome.LOST;
      }
      case TIMED_OUT ->
          retryOrFail(ctx, "Timed out after " + timing.timeout().toSeconds() + " s", null);
      case SHUTDOWN ->
          requeued(
              ctx,
              "the hand-back",
              () -> store.jobReleaseIfOwned(ctx.fence(), now),
              Outcome.RELEASED);
    };
  }

  private Outcome retryOrFail(JobContext ctx, String error, Throwable cause) {
    Job job = ctx.job();
    if (job.attempt() >= job.maxAttempts()) {
      String message = "Failed after " + job.attempt() + " attempts: " + error;
      return fail(ctx, message, cause);
    }
    Instant now = clock.instant();
    Instant runAt = now.plusMillis(retryPolicy.delayMillis(job.attempt()));
    log.warn("attempt {} failed, retrying at {}: {}", job.attempt(), runAt, error, cause);
    Outcome o =
        requeued(
            ctx,
            "the retry",
            () -> store.jobRetryLaterIfOwned(ctx.fence(), error, runAt, now),
            Outcome.RETRYING);
    if (o == Outcome.RETRYING) {
      publish(job, JobState.RETRYING, ctx.progress(), "Will retry: " + error, now);
    }
    return o;
  }

  private Outcome fail(JobContext ctx, String error, Throwable cause) {
    Instant now = clock.instant();
    if (cause instanceof IngestException ie && ie.isPermanent()) {
      log.info("failed permanently ({}): {}", ie.code(), error);
    } else {
      log.warn("failed: {}", error, cause);
    }
    Optional<JobState> ended =
        stored(
            ctx,
            "the failure",
            () -> store.jobFailIfOwned(ctx.fence(), error, now),
            Optional.empty());
    if (ended.isEmpty()) {
      return Outcome.LOST;
    }
    if (ended.get() == JobState.CANCELLED) { // a client asked to cancel it meanwhile
      publish(ctx.job(), JobState.CANCELLED, ctx.progress(), "Cancelled while processing", now);
      return Outcome.CANCELLED;
    }
    publish(ctx.job(), JobState.FAILED, ctx.progress(), "Failed: " + error, now);
    return Outcome.FAILED;
  }

  private void heartbeat(JobContext ctx) {
    try {
      Heartbeat h = store.jobHeartbeat(ctx.fence(), clock.instant().plus(timing.lease()));
      switch (h) {
        case OWNED -> {}
        case CANCEL_REQUESTED -> ctx.stop(StopReason.CANCELLED);
        case LOST -> ctx.stop(StopReason.LEASE_LOST);
      }
    } catch (StoreUnavailableException e) {
      // Renewals resume when the database is back; the reaper gives live workers time for that.
      log.debug("lease renewal of job {} failed: {}", ctx.job().jobId(), e.getMessage());
    } catch (Throwable e) {
      // A scheduled task that throws is never run again, so nothing may escape a renewal. The
      // lease still runs; if renewals keep failing it expires and fencing protects the job.
      log.warn("lease renewal of job {} failed: {}", ctx.job().jobId(), describe(e));
      memory.observe(e, "lease renewal of job " + ctx.job().jobId());
    }
  }

  private void publish(Job job, JobState state, double progress, String message, Instant now) {
    events.publish(new JobEvent(job.jobId(), state, null, progress, message, now));
  }

  /** A readable one-line reason for an unexpected exception, without stack or server paths. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return "Unexpected error (" + kind + ")";
    }
    String firstLine = m.lines().findFirst().orElse("").strip();
    return kind + ": " + ABSOLUTE_PATH.matcher(firstLine).replaceAll("<path>");
  }

  private static final java.util.regex.Pattern ABSOLUTE_PATH =
      java.util.regex.Pattern.compile("(?<![\\w.])/(?:[^\\s/:'\"]+/)*[^\\s/:'\"]*");
}
