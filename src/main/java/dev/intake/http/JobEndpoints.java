package dev.intake.http;

import dev.intake.engine.RunningJobs;
import dev.intake.engine.StopReason;
import dev.intake.engine.WakeSignal;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.TaskType;
import dev.intake.store.CancelOutcome;
import dev.intake.store.JobFilter;
import dev.intake.store.JobReader;
import dev.intake.store.JobStore;
import dev.intake.store.Page;
import io.javalin.http.Context;
import java.time.Clock;

/** The {@code /jobs} endpoints. */
public final class JobEndpoints {
  private final JobReader reader;
  private final JobStore store;
  private final RunningJobs running;
  private final WakeSignal wake;
  private final Clock clock;
  private final JobViewer viewer;

  public JobEndpoints(
      JobReader reader, JobStore store, RunningJobs running, WakeSignal wake, Clock clock) {
    this.reader = reader;
    this.store = store;
    this.running = running;
    this.wake = wake;
    this.clock = clock;
    this.viewer = new JobViewer(reader);
  }

  void list(Context ctx) {
    String status = ctx.queryParam("status");
    String type = ctx.queryParam("task_type");
    JobFilter filter =
        new JobFilter(
            status == null || status.isBlank() ? null : state(status),
            type == null || type.isBlank() ? null : TaskType.fromWire(type),
            Inputs.intQuery(ctx, "limit", 20, 1, 1000),
            Inputs.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    Page<Job> page = reader.jobList(filter);
    ctx.json(Views.list("jobs", page.items().stream().map(viewer::view).toList(), page.total()));
  }

  /** 404 before a stream opens for an unknown job. */
  void requireJob(Context ctx) {
    find(ctx);
  }

  void get(Context ctx) {
    ctx.json(viewer.view(find(ctx)));
  }

  void progress(Context ctx) {
    ctx.json(viewer.progress(find(ctx)));
  }

  void result(Context ctx) {
    ctx.json(viewer.result(find(ctx)));
  }

  void cleanup(Context ctx) {
    int days = Inputs.intQuery(ctx, "days_old", 7, 0, 36500);
    int deleted = store.jobCleanup(clock.instant().minus(java.time.Duration.ofDays(days)));
    ctx.json(java.util.Map.of("deleted", deleted));
  }

  void statistics(Context ctx) {
    dev.intake.store.JobStatistics s =
        reader.statistics(clock.instant().minus(java.time.Duration.ofHours(24)));
    java.util.List<Double> seconds =
        s.completedMillis().stream().map(ms -> ms / 1000.0).sorted().toList();
    java.util.Map<String, Object> completed = new java.util.LinkedHashMap<>();
    completed.put("count", seconds.size());
    completed.put(
        "avg_seconds",
        seconds.isEmpty() ? null : round(seconds.stream().mapToDouble(d -> d).average().orElse(0)));
    completed.put("max_seconds", seconds.isEmpty() ? null : round(seconds.get(seconds.size() - 1)));
    completed.put("min_seconds", seconds.isEmpty() ? null : round(seconds.get(0)));
    completed.put(
        "p95_seconds",
        seconds.isEmpty()
            ? null
            : round(seconds.get(Math.max(0, (int) Math.ceil(0.95 * seconds.size()) - 1))));
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("total_24h", s.total());
    body.put("status_counts", s.statusCounts());
    body.put("processing_times", java.util.Map.of("completed", completed));
    body.put("queue_stats", Views.queue(reader.queueLengths()));
    ctx.json(body);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  void cancel(Context ctx) {
    String id = ctx.pathParam("job_id");
    CancelOutcome outcome = store.jobCancel(id, clock.instant());
    switch (outcome) {
      case NOT_FOUND -> throw notFound(id);
      case ALREADY_FINISHED ->
          throw ApiException.conflict("job_finished", "Job " + id + " has already finished");
      case REQUESTED -> running.stop(id, StopReason.CANCELLED); // at once if it runs here
      case CANCELLED -> {}
    }
    ctx.json(viewer.view(find(ctx)));
  }

  void retry(Context ctx) {
    String id = ctx.pathParam("job_id");
    Job job =
        store
            .jobRetry(id, clock.instant())
            .orElseThrow(
                () -> {
                  Job existing = find(ctx);
                  return ApiException.conflict(
                      "job_not_retryable",
                      "Only failed or cancelled jobs can be retried; job "
                          + id
                          + " is "
                          + existing.status().wireName());
                });
    wake.signal();
    ctx.status(202).json(viewer.view(job));
  }

  private Job find(Context ctx) {
    String id = ctx.pathParam("job_id");
    return reader.jobGet(id).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("job_not_found", "No job with id " + id);
  }

  private static JobState state(String value) {
    try {
      return JobState.fromWire(value.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "status must be one of pending, processing, retrying, completed, failed, cancelled");
    }
  }
}
