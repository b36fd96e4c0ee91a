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
    String parent = ctx.queryParam("parent_job_id");
    int limit = Inputs.intQuery(ctx, "limit", 20, 1, 1000);
    int offset = Inputs.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Page<Job> page;
    if (parent != null && !parent.isBlank()) {
      if ((status != null && !status.isBlank()) || (type != null && !type.isBlank())) {
        throw ApiException.badRequest(
            "parent_job_id lists a batch's files in order and takes no status or task_type");
      }
      page = reader.batchChildPage(parent.strip(), limit, offset);
    } else {
      page =
          reader.jobList(
              new JobFilter(
                  status == null || status.isBlank() ? null : state(status),
                  type == null || type.isBlank() ? null : taskType(type),
                  limit,
                  offset));
    }
    ctx.json(Views.list("jobs", viewer.views(page.items()), page.total()));
  }

  /** The job's timeline of states and stages, and its attempts. */
  void history(Context ctx) {
    Job job = find(ctx);
    ctx.json(JobHistory.of(job, reader.jobHistory(job.jobId(), JobHistory.MAX_CHANGES)));
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
    for (int p : new int[] {50, 90, 95, 99}) {
      completed.put("p" + p + "_seconds", percentile(seconds, p));
    }
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("total_24h", s.total());
    body.put("status_counts", s.statusCounts());
    body.put("processing_times", java.util.Map.of("completed", completed));
    body.put("queue_stats", Views.queue(reader.queueLengths()));
    body.put("throughput", Throughput.lastHour(reader, clock.instant()));
    ctx.json(body);
  }

  /** The nearest-rank percentile of sorted values; null for none. */
  static Double percentile(java.util.List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    return round(sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
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

  private static TaskType taskType(String value) {
    try {
      return TaskType.fromWire(value.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "task_type must be one of single_document, directory_batch, document_reprocess, was "
              + Inputs.quoted(value));
    }
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
