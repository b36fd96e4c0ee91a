package dev.intake.store;

import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.Priority;
import java.time.Instant;
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
}
