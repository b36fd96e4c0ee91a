package dev.intake.engine;

import dev.intake.job.Job;
import dev.intake.job.Priority;
import dev.intake.store.ClaimRequest;
import dev.intake.store.JobStore;
import dev.intake.store.StoreUnavailableException;
import dev.intake.store.WorkerInfo;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of worker threads in this process. The first {@code highOnly} threads take only {@code
 * high} jobs, so a burst of batch work never starves single uploads; the rest take any job, highest
 * priority first. Idle threads sleep on the {@link WakeSignal} with a slow poll as fallback. Each
 * thread registers itself in the store with a heartbeat so every process's workers are visible.
 */
public final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** How the pool is shaped. */
  public record Settings(
      String namePrefix,
      int size,
      int highOnly,
      Duration lease,
      Duration pollInterval,
      Duration registrationHeartbeat) {}

  private final JobStore store;
  private final JobRunner runner;
  private final WakeSignal wake;
  private final RunningJobs running;
  private final Clock clock;
  private final Settings settings;
  private final List<Worker> workers = new ArrayList<>();
  private final ClaimPause claimPause = new ClaimPause();
  private volatile boolean accepting;

  public WorkerPool(
      JobStore store,
      JobRunner runner,
      WakeSignal wake,
      RunningJobs running,
      Clock clock,
      Settings settings) {
    this.store = store;
    this.runner = runner;
    this.wake = wake;
    this.running = running;
    this.clock = clock;
    this.settings = settings;
  }

  public synchronized boolean isRunning() {
    return !workers.isEmpty();
  }

  /** Starts the worker threads; does nothing if they run already. */
  public synchronized void start() {
    if (!workers.isEmpty()) {
      return;
    }
    accepting = true;
    String host = hostName();
    long pid = ProcessHandle.current().pid();
    String process = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < settings.size(); i++) {
      boolean highOnly = i < settings.highOnly();
      Worker w =
          new Worker(
              settings.namePrefix() + "-" + process + "-" + (i + 1),
              highOnly ? Priority.HIGH : Priority.LOW,
              host,
              pid);
      workers.add(w);
      w.thread.start();
    }
    log.info("started {} workers ({} high-priority only)", settings.size(), settings.highOnly());
  }

  /**
   * Stops claiming, lets running jobs finish for up to {@code grace}, then tells the rest to stop
   * and hand their jobs back.
   */
  public void stop(Duration grace) {
    List<Worker> stopping;
    synchronized (this) {
      accepting = false;
      stopping = List.copyOf(workers);
      workers.clear();
    }
    if (stopping.isEmpty()) {
      return;
    }
    wake.signal();
    Instant deadline = clock.instant().plus(grace);
    for (Worker w : stopping) {
      join(w, Duration.between(clock.instant(), deadline));
    }
    for (Worker w : stopping) {
      if (w.thread.isAlive()) {
        Optional.ofNullable(w.currentJob.get())
            .ifPresent(id -> running.stop(id, StopReason.SHUTDOWN));
        w.thread.interrupt();
      }
    }
    for (Worker w : stopping) {
      join(w, Duration.ofSeconds(10));
    }
    log.info("stopped {} workers", stopping.size());
  }

  /** The workers of this pool as they would be registered now. */
  public synchronized List<WorkerInfo> snapshot() {
    return workers.stream().map(Worker::info).toList();
  }

  private static void join(Worker w, Duration timeout) {
    try {
      w.thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  private final class Worker implements Runnable {
    final String id;
    final Priority lowest;
    final String host;
    final long pid;
    final Instant startedAt = clock.instant();
    final Thread thread;
    final AtomicReference<String> currentJob = new AtomicReference<>();
    final AtomicLong processed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile Instant lastRegistration = Instant.EPOCH;

    Worker(String id, Priority lowest, String host, long pid) {
      this.id = id;
      this.lowest = lowest;
      this.host = host;
      this.pid = pid;
      this.thread = new Thread(this, id);
    }

    WorkerInfo info() {
      String job = currentJob.get();
      return new WorkerInfo(
          id,
          thread.getName(),
          lowest == Priority.HIGH ? "high" : "any",
          job == null ? "idle" : "busy",
          host,
          pid,
          processed.get(),
          failed.get(),
          job,
          startedAt,
          clock.instant());
    }

    @Override
    public void run() {
      register();
      try {
        while (accepting) {
          long seen = wake.generation();
          Optional<Job> job = claim();
          if (job.isPresent()) {
            runOne(job.get());
          } else {
            heartbeatIfDue();
            wake.awaitAfter(seen, claimPause.idleWait(settings.pollInterval()));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        unregister();
      }
    }

    private Optional<Job> claim() {
      try {
        Instant now = clock.instant();
        Optional<Job> job =
            store.jobClaim(new ClaimRequest(id, lowest, now, now.plus(settings.lease())));
        claimPause.succeeded();
        return job;
      } catch (StoreUnavailableException e) {
        claimPause.failed(e);
        return Optional.empty();
      } catch (RuntimeException e) {
        log.warn("claim failed: {}", e.getMessage());
        return Optional.empty();
      }
    }

    private void runOne(Job job) {
      currentJob.set(job.jobId());
      heartbeatNow();
      try {
        Outcome outcome = runner.run(job);
        if (outcome == Outcome.COMPLETED) {
          processed.incrementAndGet();
        } else if (outcome == Outcome.FAILED) {
          failed.incrementAndGet();
        }
      } catch (RuntimeException e) {
        log.error("worker {} crashed running job {}", id, job.jobId(), e);
      } finally {
        currentJob.set(null);
        heartbeatNow();
      }
    }

    private void register() {
      try {
        store.workerRegister(info());
        lastRegistration = clock.instant();
      } catch (RuntimeException e) {
        log.warn("worker registration failed: {}", e.getMessage());
      }
    }

    private void heartbeatIfDue() {
      if (!clock.instant().isBefore(lastRegistration.plus(settings.registrationHeartbeat()))) {
        heartbeatNow();
      }
    }

    private void heartbeatNow() {
      try {
        if (!store.workerHeartbeat(info())) {
          store.workerRegister(info()); // removed as stale while it was busy: register again
        }
        lastRegistration = clock.instant();
      } catch (RuntimeException e) {
        log.warn("worker heartbeat failed: {}", e.getMessage());
      }
    }

    private void unregister() {
      try {
        store.workerRemove(id);
      } catch (RuntimeException e) {
        log.warn("worker removal failed: {}", e.getMessage());
      }
    }
  }
}
