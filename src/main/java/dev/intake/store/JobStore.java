package dev.intake.store;

import dev.intake.job.Fence;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The write side of the job store, shared by the API and the workers. Every method that a worker
 * calls for a job it runs is guarded by a {@link Fence} and reports whether the job was still its
 * own: {@code false} means nothing was changed.
 */
public interface JobStore {

  /**
   * Records a document and the job that ingests it in one transaction. Unless the job's params
   * force it, an existing document with the same content and settings is returned instead.
   */
  EnqueueResult documentEnqueue(NewDocument document, NewJob job, Instant now);

  /** Claims the next runnable job in (priority, run_at, id) order, if any. */
  Optional<Job> jobClaim(ClaimRequest request);

  /** Renews the lease of a job the worker holds. */
  Heartbeat jobHeartbeat(Fence fence, Instant leaseUntil);

  boolean jobProgressIfOwned(
      Fence fence, Stage stage, double progress, String message, Instant now);

  /**
   * Records that this attempt embeds with {@code model}, whose vectors have {@code dimensions}
   * numbers, before it writes chunks. Chunks an earlier attempt made with another model are deleted
   * and the checkpoint goes back to 0, so that one job's chunks never mix two models. False (and
   * nothing changed) if the job is no longer this worker's.
   */
  boolean jobEmbeddingModelIfOwned(Fence fence, String model, int dimensions, Instant now);

  /** Commits a group of chunks and the new checkpoint (chunks done so far) atomically. */
  boolean chunksAppendIfOwned(
      Fence fence, String documentId, List<StoredChunk> chunks, int checkpoint, Instant now);

  /**
   * Completes the job: its chunks become the document's live chunks (replacing any earlier ones)
   * and the change is queued for the search indexes, all in one transaction.
   */
  boolean jobCompleteIfOwned(Fence fence, Completion completion, Instant now);

  /**
   * Puts the job back to wait for another attempt at {@code runAt}; keeps its checkpoint. A job a
   * client asked to cancel ends {@code cancelled} instead, as {@link #jobCancelledIfOwned} does.
   */
  RequeueOutcome jobRetryLaterIfOwned(Fence fence, String error, Instant runAt, Instant now);

  /**
   * Fails the job for good and removes its partial chunks. A job a client asked to cancel ends
   * {@code cancelled} instead, as {@link #jobCancelledIfOwned} does.
   *
   * @return the state the job ended in, or empty if it was no longer this worker's
   */
  Optional<JobState> jobFailIfOwned(Fence fence, String error, Instant now);

  /** Marks a running job cancelled (after a client asked) and removes its partial chunks. */
  boolean jobCancelledIfOwned(Fence fence, Instant now);

  /**
   * Hands a job back to the queue without counting the attempt (graceful shutdown). A job a client
   * asked to cancel ends {@code cancelled} instead, as {@link #jobCancelledIfOwned} does.
   */
  RequeueOutcome jobReleaseIfOwned(Fence fence, Instant now);

  /**
   * Hands a job back to the queue without counting the attempt, saying why in its message (the
   * worker could not reach the database). Keeps its checkpoint. A job a client asked to cancel ends
   * {@code cancelled} instead, as {@link #jobCancelledIfOwned} does.
   */
  default RequeueOutcome jobHandBackIfOwned(Fence fence, String message, Instant now) {
    return jobHandBackIfOwned(fence, message, now, now);
  }

  /**
   * {@link #jobHandBackIfOwned(Fence, String, Instant)}, the job running again from {@code runAt}
   * (a worker that could not reach the blob store gives it time to come back).
   */
  RequeueOutcome jobHandBackIfOwned(Fence fence, String message, Instant runAt, Instant now);

  /**
   * Returns jobs whose lease expired to the queue, counting the lost attempt; a job out of attempts
   * fails as poison. {@code backoff} maps the attempt just lost to the delay before the next one,
   * in milliseconds.
   */
  List<RescuedJob> jobRescueExpired(Instant now, IntFunction<Long> backoff);

  /**
   * {@link #jobRescueExpired(Instant, IntFunction)}, except that a job whose lease lapsed while the
   * database could not be reached ({@code lapsedInOutage} accepts its {@code lease_until}) goes
   * back to the queue without counting the attempt: an outage is not the job's fault. A job a
   * client asked to cancel is rescued as usual.
   */
  List<RescuedJob> jobRescueExpired(
      Instant now, IntFunction<Long> backoff, Predicate<Instant> lapsedInOutage);

  CancelOutcome jobCancel(String jobId, Instant now);

  /**
   * Queues a failed or cancelled job again with fresh attempts; empty if it is in another state.
   */
  Optional<Job> jobRetry(String jobId, Instant now);

  /** Chunk count committed so far by {@code jobId} (its checkpoint). */
  int chunkCountForJob(String jobId);

  /** Changes for the search index committed after {@code afterSeq}, in commit order. */
  List<OutboxEntry> outboxAfter(long afterSeq, int limit);

  /**
   * A page of the live chunks of a document, with vectors, in order: at most {@code limit} chunks
   * whose index is above {@code afterChunkIndex} (-1 for the first page).
   */
  List<StoredChunk> chunksActivePage(String documentId, int afterChunkIndex, int limit);

  /** Documents that have live chunks (for a full index rebuild). */
  List<String> documentIdsActive();

  long outboxMaxSeq();

  /**
   * Records a directory batch: the parent job and one child per file, in one transaction. A batch
   * without children is completed at once.
   */
  Job batchEnqueue(NewJob parent, List<NewJob> children, Instant now);

  /**
   * Records the document a directory-batch job imported and links the job to it, unless identical
   * content with the same settings exists (returned as the duplicate; nothing is recorded).
   */
  AttachOutcome jobAttachDocumentIfOwned(Fence fence, NewDocument document, Instant now);

  /** Completes a job without output: its file duplicated {@code documentId}. */
  boolean jobSkipIfOwned(
      Fence fence, String documentId, String resultJson, String message, Instant now);

  /**
   * Deletes a document and its chunks, cancels its queued jobs, asks its running jobs to stop, and
   * queues its removal from the search indexes. Returns the deleted document.
   */
  Optional<dev.intake.job.Document> documentDelete(String documentId, Instant now);

  /** Queues a reprocess job for a document unless one of its jobs is queued or running. */
  ReprocessOutcome documentReprocess(String documentId, NewJob job, Instant now);

  /**
   * Deletes finished jobs that finished before {@code before}; returns how many. Their documents
   * stay, with their live chunks, and no longer name a job.
   */
  int jobCleanup(Instant before);

  void workerRegister(WorkerInfo worker);

  /** Updates a registered worker; false if it is not registered (any more). */
  boolean workerHeartbeat(WorkerInfo worker);

  void workerRemove(String workerId);

  /** Removes workers whose heartbeat is older than {@code before}. */
  int workerRemoveStale(Instant before);
}
