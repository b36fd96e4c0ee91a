package dev.intake.http;

import dev.intake.job.Job;
import dev.intake.store.JobChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's timeline (every change of status, stage or attempt, with its time) and the attempts read
 * from it: which worker ran each, when, how it ended and with what error.
 */
record JobHistory(String jobId, List<Change> timeline, List<Attempt> attempts, boolean truncated) {
  /** The most changes one answer lists (a job makes about six per attempt). */
  static final int MAX_CHANGES = 1000;

  record Change(
      Instant at,
      String status,
      String stage,
      int attempt,
      String workerId,
      String message,
      String errorMessage) {}

  /**
   * One run of the job by a worker.
   *
   * @param outcome the status it ended in ({@code pending} when it was handed back), or null while
   *     it runs
   */
  record Attempt(
      int attempt,
      String workerId,
      Instant startedAt,
      Instant endedAt,
      String outcome,
      String errorMessage) {}

  static JobHistory of(Job job, List<JobChange> changes) {
    List<Change> timeline = new ArrayList<>(changes.size());
    List<Attempt> attempts = new ArrayList<>();
    Attempt open = null;
    for (JobChange c : changes) {
      timeline.add(
          new Change(
              c.at(),
              c.status(),
              c.stage(),
              c.attempt(),
              c.workerId(),
              c.message(),
              c.errorMessage()));
      // A batch parent is "processing" without ever being claimed (attempt 0): no run of its own.
      boolean running = c.status().equals("processing") && c.attempt() > 0;
      if (running && (open == null || open.attempt() != c.attempt())) {
        if (open != null) { // a claim without a change seen in between: the earlier run ended
          attempts.add(open);
        }
        open = new Attempt(c.attempt(), c.workerId(), c.at(), null, null, null);
      } else if (!running && open != null) {
        attempts.add(
            new Attempt(
                open.attempt(),
                open.workerId(),
                open.startedAt(),
                c.at(),
                c.status(),
                c.status().equals("completed") ? null : c.errorMessage()));
        open = null;
      }
    }
    if (open != null) {
      attempts.add(open);
    }
    return new JobHistory(job.jobId(), timeline, attempts, changes.size() >= MAX_CHANGES);
  }
}
