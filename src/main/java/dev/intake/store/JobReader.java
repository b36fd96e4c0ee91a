package dev.intake.store;

import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.Priority;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The read side of the store, for the API, the CLI and the dashboard. */
public interface JobReader {

  Optional<Job> jobGet(String jobId);

  Page<Job> jobList(JobFilter filter);

  Optional<Document> documentGet(String documentId);

  Page<Document> documentList(int limit, int offset);

  /** The live chunks of a document, without vectors. */
  Page<StoredChunk> chunkPage(String documentId, int limit, int offset);

  /** Queued (pending or retrying) jobs per priority; every priority is present. */
  Map<Priority, Long> queueLengths();

  BatchCounts batchCounts(String parentJobId);

  List<Job> batchChildren(String parentJobId);

  /** Jobs whose row changed after {@code since}, oldest change first (for live events). */
  List<Job> jobsChangedSince(Instant since, int limit);

  JobStatistics statistics(Instant since);

  /** Those of {@code blobKeys} that some document refers to (the orphan sweep keeps them). */
  Set<String> blobKeysReferenced(List<String> blobKeys);

  /** Workers whose heartbeat is not older than {@code since}. */
  List<WorkerInfo> workerList(Instant since);

  /** A job's changes of status, stage and attempt, oldest first; at most {@code limit}. */
  List<JobChange> jobHistory(String jobId, int limit);

  /**
   * Jobs run to an end (completed or failed, batch parents left out) per minute since {@code
   * since}, oldest first; minutes in which none ended are left out.
   */
  List<FinishedPerMinute> finishedPerMinute(Instant since);

  /** Documents whose file name contains {@code name}, ignoring case; newest first. */
  Page<Document> documentSearch(String name, int limit, int offset);

  /** A page of a batch's child jobs, in the order they were queued. */
  Page<Job> batchChildPage(String parentJobId, int limit, int offset);

  /** The file names of the documents among {@code documentIds} that exist. */
  Map<String, String> documentFilenames(Collection<String> documentIds);
}
