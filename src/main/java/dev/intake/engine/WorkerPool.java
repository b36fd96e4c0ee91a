package dev.intake.engine;

import dev.intake.job.Job;
import dev.intake.job.Priority;
import dev.intake.store.ClaimRequest;
import dev.intake.store.JobStore;
import dev.intake.store.StoreUnavailableException;
import dev.intake.store.WorkerInfo;
import dev.intake.supervision.Service;
import dev.intake.supervision.Supervisor;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of worker threads in this process. The first {@code highOnly} threads take only {@code
 * high} jobs, so a burst of batch work never starves single uploads; the rest take any job, highest
 * priority first. Idle threads sleep on the {@link WakeSignal} with a slow poll as fallback.
 *
 * <p>Each worker thread is a {@link Supervisor} service: one that dies is restarted. Workers are
 * registered in the store and a heartbeat service of their own renews every registration each
 * {@link Settings#heartbeat()}, whatever the workers are doing, so a busy worker stays listed and a
 * killed one drops out. Stopping is asynchronous; until a stop has finished, {@link #start()}
 * refuses, so old and new threads never run together beyond {@link Settings#size()}.
 */
public final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** How long a worker told to stop gets to reach a safe point before its job is handed back. */
  static final Duration SAFE_POINT_WAIT = Duration.ofSeconds(3);

  /** How the pool is shaped. */
  public record Settings(
      String namePrefix,
      int size,
      int highOnly,
      Duration lease,
      Duration pollInterval,
      Duration heartbeat) {}

  /** What a call to {@link #start()} did. */
  public enum StartResult {
    STARTED,
    ALREADY_RUNNING,
    /** A stop is still in progress; its threads count against the pool's size. */
    STOPPING,
    /** The pool has no threads to start ({@code TASK_MAX_WORKERS=0}). */
    NO_WORKERS
  }

  /** Where the pool is in its life. */
  public enum State {
    STOPPED,
    RUNNING,
    STOPPING
  }

  private final JobStore store;
  private final JobRunner runner;
  private final WakeSignal wake;
  private final RunningJobs running;
  private final Clock clock;
  private final Settings settings;
  private final Supervisor supervisor;
  private final Consumer<Outcome> outcomes;

  /** Workers of the current generation; empty when stopped or stopping. */
  private final List<Worker> workers = new ArrayList<>();

  /** Every worker whose thread has not ended yet, stopping ones included: the heartbeat's list. */
  private final Set<Worker> alive = ConcurrentHashMap.newKeySet();

  private Service heartbeats;
  private CompletableFuture<Void> stopping = CompletableFuture.completedFuture(null);
  private final ClaimPause claimPause = new ClaimPause();
  private volatile boolean accepting;
  private volatile String metricsUrl;

  public WorkerPool(
      JobStore store,
      JobRunner runner,
      WakeSignal wake,
      RunningJobs running,
      Clock clock,
      Settings settings,
      Supervisor supervisor) {
    this(store, runner, wake, running, clock, settings, supervisor, outcome -> {});
  }

  /** A pool that tells {@code outcomes} how each job it ran ended (for metrics). */
  public WorkerPool(
      JobStore store,
      JobRunner runner,
      WakeSignal wake,
      RunningJobs running,
      Clock clock,
      Settings settings,
      Supervisor supervisor,
      Consumer<Outcome> outcomes) {
    this.outcomes = outcomes;
    this.store = store;
    this.runner = runner;
    this.wake = wake;
    this.running = running;
    this.clock = clock;
    this.settings = settings;
    this.supervisor = supervisor;
  }

  public synchronized State state() {
    if (!workers.isEmpty()) {
      return State.RUNNING;
    }
    return stopping.isDone() && alive.isEmpty() ? State.STOPPED : State.STOPPING;
  }

  public boolean isRunning() {
    return state() == State.RUNNING;
  }

  /**
   * Where this process serves its metrics, registered with each worker from its next heartbeat. Set
   * once the server that serves them has bound its port, which may come after the pool was built.
   */
  public void advertiseMetrics(String url) {
    metricsUrl = url;
  }

  /** The number of threads this pool runs when started. */
  public int size() {
    return settings.size();
  }

  /** Starts the worker threads, unless they run already or a stop has not finished. */
  public synchronized StartResult start() {
    if (settings.size() == 0) {
      return StartResult.NO_WORKERS;
    }
    if (!workers.isEmpty()) {
      return StartResult.ALREADY_RUNNING;
    }
    if (!stopping.isDone() || !alive.isEmpty()) {
      return StartResult.STOPPING; // threads of the last generation are still finishing
    }
    accepting = true;
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    String process = settings.namePrefix() + "-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < settings.size(); i++) {
      boolean highOnly = i < settings.highOnly();
      Worker w =
          new Worker(process + "-" + (i + 1), highOnly ? Priority.HIGH : Priority.LOW, host, pid);
      workers.add(w);
      alive.add(w);
      // Registered before start() returns, so that /workers never lists fewer workers than a
      // start reported; a registration that fails here is made by the worker's own beats.
      w.heartbeatQuietly();
      w.service = supervisor.loop(w.id, w::run);
    }
    heartbeats = supervisor.every(process + "-heartbeat", settings.heartbeat(), this::heartbeatAll);
    log.info("started {} workers ({} high-priority only)", settings.size(), settings.highOnly());
    return StartResult.STARTED;
  }

  /**
   * Stops claiming at once and finishes the stop in the background: running jobs get {@code grace}
   * to finish, then are told to stop at their next safe point and handed back. Returns the stop in
   * progress (the same one if a stop already runs).
   */
  public synchronized CompletableFuture<Void> stopAsync(Duration grace) {
    if (!stopping.isDone() || workers.isEmpty()) {
      return stopping;
    }
    accepting = false;
    List<Worker> leaving = List.copyOf(workers);
    workers.clear();
    leaving.forEach(w -> w.service.stop());
    Service beat = heartbeats;
    heartbeats = null;
    CompletableFuture<Void> done = new CompletableFuture<>();
    stopping = done;
    wake.signal();
    Thread.ofPlatform()
        .daemon()
        .name(settings.namePrefix() + "-stop")
        .start(
            () -> {
              try {
                drain(leaving, grace);
              } finally {
                beat.stop();
                done.complete(null);
              }
            });
    return done;
  }

  /** {@link #stopAsync} and wait for it. */
  public void stop(Duration grace) {
    stopAsync(grace).join();
  }

  private void drain(List<Worker> leaving, Duration grace) {
    Instant deadline = clock.instant().plus(grace);
    for (Worker w : leaving) {
      w.service.join(Duration.between(clock.instant(), deadline));
    }
    for (Worker w : leaving) {
      if (w.service.isAlive()) {
        Optional.ofNullable(w.currentJob.get())
            .ifPresent(id -> running.stop(id, StopReason.SHUTDOWN));
        w.service.interrupt();
      }
    }
    Instant safePoint = clock.instant().plus(SAFE_POINT_WAIT);
    for (Worker w : leaving) {
      w.service.join(Duration.between(clock.instant(), safePoint));
    }
    for (Worker w : leaving) {
      if (w.service.isAlive()) {
        handBackFor(w);
      }
    }
    log.info("stopped {} workers", leaving.size());
  }

  /**
   * A worker that did not reach a safe point in time (stuck in a long native call, say): its job is
   * handed back on its behalf. The write is fenced, so whatever the late worker does afterwards
   * cannot touch the job any more.
   */
  private void handBackFor(Worker w) {
    String id = w.currentJob.get();
    Optional<JobContext> ctx = id == null ? Optional.empty() : running.get(id);
    if (ctx.isEmpty()) {
      return;
    }
    try {
      switch (store.jobReleaseIfOwned(ctx.get().fence(), clock.instant())) {
        case QUEUED ->
            log.warn("worker {} did not stop in time; handed job {} back for it", w.id, id);
        case CANCELLED ->
            log.warn("worker {} did not stop in time; ended job {} cancelled for it", w.id, id);
        case NOT_OWNED -> {}
      }
    } catch (RuntimeException e) {
      log.warn("could not hand job {} back: {}; its lease will expire", id, e.getMessage());
    }
  }

  /** The workers of this pool as they would be registered now. */
  public synchronized List<WorkerInfo> snapshot() {
    return workers.stream().map(Worker::info).toList();
  }

  /** One heartbeat for every worker thread still alive, busy or not. */
  private void heartbeatAll() {
    for (Worker w : alive) {
      w.heartbeat();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  private final class Worker {
    final String id;
    final Priority lowest;
    final String host;
    final long pid;
    final Instant startedAt = clock.instant();
    final AtomicReference<String> currentJob = new AtomicReference<>();
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile Service service;
    private boolean unregistered; // guarded by this

    Worker(String id, Priority lowest, String host, long pid) {
      this.id = id;
      this.lowest = lowest;
      this.host = host;
      this.pid = pid;
    }

    WorkerInfo info() {
      String job = currentJob.get();
      return new WorkerInfo(
          id,
          id,
          lowest == Priority.HIGH ? "high" : "any",
          job == null ? "idle" : "busy",
          host,
          pid,
          processed.get(),
          failed.get(),
          job,
          startedAt,
          clock.instant(),
          metricsUrl);
    }

    /** The body of this worker's supervised thread. */
    void run(Service self) throws InterruptedException {
      heartbeatQuietly();
      boolean ended = false;
      try {
        while (accepting && !self.stopping()) {
          long seen = wake.generation();
          Optional<Job> job = claim();
          if (job.isPresent()) {
            runOne(job.get());
          } else {
            wake.awaitAfter(seen, claimPause.idleWait(settings.pollInterval()));
          }
        }
        ended = true;
      } finally {
        if (ended || self.stopping()) {
          alive.remove(this);
          unregister();
        }
      }
    }

    /**
     * The one place a worker claims: a claim that fails (the database unreachable, say) counts as
     * nothing to do, and the worker polls again.
     */
    private Optional<Job> claim() {
      Optional<Job> job;
      try {
        Instant now = clock.instant();
        job = store.jobClaim(new ClaimRequest(id, lowest, now, now.plus(settings.lease())));
        claimPause.succeeded();
      } catch (StoreUnavailableException e) {
        claimPause.failed(e);
        return Optional.empty();
      } catch (RuntimeException e) {
        log.warn("claim failed: {}", e.getMessage());
        return Optional.empty();
      }
      if (job.isPresent() && !accepting) {
        // Claimed while a stop was being asked for: whoever asked must not see the job start.
        store.jobReleaseIfOwned(job.get().fence(), clock.instant());
        return Optional.empty();
      }
      return job;
    }

    private void runOne(Job job) {
      currentJob.set(job.jobId());
      heartbeatQuietly(); // show the job at once, not at the next beat
      try {
        Outcome outcome = runner.run(job);
        outcomes.accept(outcome);
        if (outcome == Outcome.COMPLETED) {
          processed.incrementAndGet();
        } else if (outcome == Outcome.FAILED) {
          failed.incrementAndGet();
        }
      } catch (Throwable e) { // the boundary of one job: the worker carries on with the next
        log.error(
            "worker {} could not record the outcome of job {}; its lease will expire",
            id,
            job.jobId(),
            e);
      } finally {
        currentJob.set(null);
        heartbeatQuietly();
      }
    }

    /**
     * Renews the registration; registers again if the row was removed as stale. Never after the
     * worker unregistered itself: a beat of the heartbeat service that raced the worker's exit
     * would otherwise register a worker that no longer exists.
     */
    synchronized void heartbeat() {
      if (unregistered) {
        return;
      }
      WorkerInfo info = info();
      if (!store.workerHeartbeat(info)) {
        store.workerRegister(info);
        store.workerHeartbeat(info);
      }
    }

    /** An extra beat from the worker's own thread; the heartbeat service reports failures. */
    void heartbeatQuietly() {
      try {
        heartbeat();
      } catch (RuntimeException e) {
        log.debug("heartbeat of worker {} failed: {}", id, e.getMessage());
      }
    }

    private synchronized void unregister() {
      unregistered = true;
      try {
        store.workerRemove(id);
      } catch (RuntimeException e) {
        log.warn("worker removal failed: {}", e.getMessage());
      }
    }
  }
}
