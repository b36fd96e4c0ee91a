package dev.intake.ingest;

import dev.intake.engine.WakeSignal;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.JobStore;
import dev.intake.store.NewJob;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records a batch: a parent job ({@code directory_batch}, never claimed) and one child job per
 * file, in one transaction, then wakes the workers. Directory ingestion and uploaded archives both
 * make their batches here; admission is theirs, before anything is stored.
 */
final class BatchRecorder {
  /** One file of a batch: what its child job runs with, and its first message. */
  record File(JobParams params, String message) {}

  private final JobStore store;
  private final WakeSignal wake;
  private final Clock clock;
  private final int maxAttempts;

  BatchRecorder(JobStore store, WakeSignal wake, Clock clock, int maxAttempts) {
    this.store = store;
    this.wake = wake;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
  }

  Job record(Priority priority, JobParams parentParams, String message, List<File> files) {
    String parentId = UUID.randomUUID().toString();
    List<NewJob> children = new ArrayList<>(files.size());
    for (File f : files) {
      children.add(
          new NewJob(
              UUID.randomUUID().toString(),
              TaskType.SINGLE_DOCUMENT,
              priority,
              maxAttempts,
              null,
              parentId,
              f.params(),
              f.message()));
    }
    Job parent =
        store.batchEnqueue(
            new NewJob(
                parentId, TaskType.DIRECTORY_BATCH, priority, 1, null, null, parentParams, message),
            children,
            clock.instant());
    wake.signal();
    return parent;
  }
}
