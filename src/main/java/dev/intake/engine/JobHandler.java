package dev.intake.engine;

import dev.intake.store.Completion;

/**
 * Runs one kind of job. It reports progress and honours stops through the context, commits
 * intermediate output through fenced store writes, and returns what completes the job. A permanent
 * {@link dev.intake.pipeline.IngestException} fails the job at once; any other exception is retried
 * while attempts remain.
 */
@FunctionalInterface
public interface JobHandler {
  Completion run(JobContext context) throws Exception;
}
