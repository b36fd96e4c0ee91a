package dev.intake.ingest;

import dev.intake.health.HealthRegistry;
import dev.intake.store.JobReader;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Back-pressure for new work. An upload or a directory batch is admitted only while the queue holds
 * fewer than {@code INTAKE_MAX_PENDING_JOBS} jobs (0: unbounded) and every storage directory keeps
 * {@code INTAKE_MIN_FREE_DISK_MB} free after the request's bytes; otherwise it is refused before
 * anything is stored. An admitted request holds its place ({@link Ticket}) until its jobs are
 * written, so concurrent requests of this process cannot overshoot the bound together. (API nodes
 * of a cluster each count the shared queue, so together they may overshoot by what they admit at
 * the same moment.)
 */
public final class Admission {
  static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(5);
  static final Duration DISK_RETRY_AFTER = Duration.ofSeconds(60);
  private static final String HEALTH_PART = "disk";

  /**
   * @param maxPendingJobs the most queued (pending or retrying) jobs; 0 for no bound
   * @param minFreeBytes free space every storage directory keeps; 0 for no floor
   */
  public record Limits(long maxPendingJobs, long minFreeBytes) {
    public static final Limits NONE = new Limits(0, 0);
  }

  private final JobReader reader;
  private final List<Path> storage;
  private final Limits limits;
  private final HealthRegistry health;
  private final AtomicLong admitted = new AtomicLong();

  /**
   * @param storage the directories an upload writes to (temporary files, blobs)
   */
  public Admission(JobReader reader, List<Path> storage, Limits limits, HealthRegistry health) {
    this.reader = reader;
    this.storage = List.copyOf(storage);
    this.limits = limits;
    this.health = health;
  }

  /** A place in the queue, held until the request's jobs are written or it failed. */
  public final class Ticket implements AutoCloseable {
    private final long jobs;
    private boolean closed;

    private Ticket(long jobs) {
      this.jobs = jobs;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        admitted.addAndGet(-jobs);
      }
    }
  }

  /** The most jobs one request may add: the pending bound, when there is one. */
  public long maxJobsPerRequest() {
    return limits.maxPendingJobs() > 0 ? limits.maxPendingJobs() : Long.MAX_VALUE;
  }

  /**
   * Admits a request that will add {@code jobs} jobs and write about {@code bytes} bytes.
   *
   * @throws OverloadedException when the queue or the disk has no room for it
   */
  public Ticket admit(int jobs, long bytes) {
    checkDisk(Math.max(0, bytes));
    if (limits.maxPendingJobs() <= 0) {
      return new Ticket(0);
    }
    long held = admitted.addAndGet(jobs);
    boolean admittedHere = false;
    try {
      long queued = reader.queueLengths().values().stream().mapToLong(Long::longValue).sum();
      if (queued + held > limits.maxPendingJobs()) {
        throw new OverloadedException(
            "queue_full",
            "The queue is full: "
                + queued
                + " jobs are waiting, and INTAKE_MAX_PENDING_JOBS allows "
                + limits.maxPendingJobs()
                + "; try again later",
            QUEUE_RETRY_AFTER);
      }
      admittedHere = true;
      return new Ticket(jobs);
    } finally {
      if (!admittedHere) {
        admitted.addAndGet(-jobs);
      }
    }
  }

  private void checkDisk(long bytes) {
    if (limits.minFreeBytes() <= 0) {
      return;
    }
    for (Path dir : storage) {
      long free = usableSpace(dir);
      if (free - bytes < limits.minFreeBytes()) {
        String reason =
            "Free disk space is below INTAKE_MIN_FREE_DISK_MB ("
                + limits.minFreeBytes() / (1024 * 1024)
                + " MB): "
                + free / (1024 * 1024)
                + " MB free where uploads are stored";
        health.degraded(HEALTH_PART, reason + "; new uploads are refused");
        throw new OverloadedException("disk_full", reason + "; try again later", DISK_RETRY_AFTER);
      }
    }
    health.ok(HEALTH_PART);
  }

  /** Free space for this process at {@code dir}, or at its nearest existing parent. */
  private static long usableSpace(Path dir) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      File f = p.toFile();
      if (f.exists()) {
        return f.getUsableSpace();
      }
    }
    return Long.MAX_VALUE; // nothing to measure: no floor to enforce
  }
}
