package dev.intake.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs running in this process, so a cancel or shutdown reaches them without waiting for a
 * heartbeat.
 */
public final class RunningJobs {
  private final Map<String, JobContext> running = new ConcurrentHashMap<>();

  void add(JobContext context) {
    running.put(context.job().jobId(), context);
  }

  void remove(JobContext context) {
    running.remove(context.job().jobId(), context);
  }

  public Optional<JobContext> get(String jobId) {
    return Optional.ofNullable(running.get(jobId));
  }

  /** Stops a job running here; false if it does not run in this process. */
  public boolean stop(String jobId, StopReason reason) {
    JobContext c = running.get(jobId);
    if (c == null) {
      return false;
    }
    c.stop(reason);
    return true;
  }

  public int size() {
    return running.size();
  }
}
