package dev.intake.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.store.BatchCounts;
import dev.intake.store.FinishedPerMinute;
import dev.intake.store.JobChange;
import dev.intake.store.JobFilter;
import dev.intake.store.JobReader;
import dev.intake.store.JobStatistics;
import dev.intake.store.Page;
import dev.intake.store.StoredChunk;
import dev.intake.store.WorkerInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The read side of the job store on a JDBC database. */
public final class JdbcJobReader implements JobReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;

  public JdbcJobReader(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Job> jobGet(String jobId) {
    return db.autoCommit(tx -> tx.one("job_get", Params.of("job_id", jobId), Rows::job));
  }

  @Override
  public Page<Job> jobList(JobFilter f) {
    Params p =
        Params.of(
            "status",
            f.status() == null ? null : f.status().wireName(),
            "task_type",
            f.taskType() == null ? null : f.taskType().wireName(),
            "limit",
            f.limit(),
            "offset",
            f.offset());
    return db.autoCommit(
        tx -> new Page<>(tx.list("job_list", p, Rows::job), tx.scalar("job_count", p)));
  }

  @Override
  public Optional<Document> documentGet(String documentId) {
    return db.autoCommit(
        tx -> tx.one("document_get", Params.of("document_id", documentId), Rows::document));
  }

  @Override
  public Page<Document> documentList(int limit, int offset) {
    return db.autoCommit(
        tx ->
            new Page<>(
                tx.list(
                    "document_list", Params.of("limit", limit, "offset", offset), Rows::document),
                tx.scalar("document_count", Params.of())));
  }

  @Override
  public Page<StoredChunk> chunkPage(String documentId, int limit, int offset) {
    Params p = Params.of("document_id", documentId, "limit", limit, "offset", offset);
    return db.autoCommit(
        tx ->
            new Page<>(
                tx.list("chunk_list_active", p, r -> Rows.chunk(r, false)),
                tx.scalar("chunk_count_active", p)));
  }

  @Override
  public Map<Priority, Long> queueLengths() {
    Map<Priority, Long> out = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      out.put(p, 0L);
    }
    db.autoCommit(
        tx ->
            tx.list(
                "queue_lengths",
                Params.of(),
                r -> out.put(Priority.fromRank(r.integer("priority")), r.longValue("n"))));
    return out;
  }

  @Override
  public BatchCounts batchCounts(String parentJobId) {
    long[] n = new long[6];
    double[] progress = new double[1];
    db.autoCommit(
        tx ->
            tx.list(
                "batch_children_counts",
                Params.of("parent_job_id", parentJobId),
                r -> {
                  long count = r.longValue("n");
                  JobState state = JobState.fromWire(r.str("status"));
                  n[0] += count;
                  // A finished child counts as done for the batch, whatever progress it reached.
                  progress[0] += state.isFinished() ? count * 100.0 : r.dbl("progress_sum");
                  switch (state) {
                    case PENDING, RETRYING -> n[1] += count;
                    case PROCESSING -> n[2] += count;
                    case COMPLETED -> n[3] += count;
                    case FAILED -> n[4] += count;
                    case CANCELLED -> n[5] += count;
                  }
                  return null;
                }));
    return new BatchCounts(n[0], n[1], n[2], n[3], n[4], n[5], progress[0]);
  }

  @Override
  public List<Job> batchChildren(String parentJobId) {
    return db.autoCommit(
        tx -> tx.list("batch_children", Params.of("parent_job_id", parentJobId), Rows::job));
  }

  @Override
  public List<Job> jobsChangedSince(Instant since, int limit) {
    return db.autoCommit(
        tx -> tx.list("jobs_changed_since", Params.of("since", since, "limit", limit), Rows::job));
  }

  @Override
  public JobStatistics statistics(Instant since) {
    return db.autoCommit(
        tx -> {
          Map<String, Long> counts = new java.util.LinkedHashMap<>();
          for (JobState s : JobState.values()) {
            counts.put(s.wireName(), 0L);
          }
          tx.list(
              "stats_status_counts",
              Params.of("since", since),
              r -> counts.put(r.str("status"), r.longValue("n")));
          long total = tx.scalar("stats_created_count", Params.of("since", since));
          List<Long> millis =
              tx.list(
                  "stats_completed_durations",
                  Params.of("since", since),
                  r -> r.longValue("millis"));
          return new JobStatistics(total, counts, millis);
        });
  }

  @Override
  public List<WorkerInfo> workerList(Instant since) {
    return db.autoCommit(tx -> tx.list("worker_list", Params.of("since", since), Rows::worker));
  }

  @Override
  public List<JobChange> jobHistory(String jobId, int limit) {
    return db.autoCommit(
        tx ->
            tx.list(
                "job_history_list",
                Params.of("job_id", jobId, "limit", limit),
                r ->
                    new JobChange(
                        r.instant("at"),
                        r.str("status"),
                        r.str("stage"),
                        r.integer("attempt"),
                        r.str("worker_id"),
                        r.str("message"),
                        r.str("error_message"))));
  }

  @Override
  public List<FinishedPerMinute> finishedPerMinute(Instant since) {
    Map<Long, long[]> byMinute = new TreeMap<>();
    db.autoCommit(
        tx ->
            tx.list(
                "stats_finished_per_minute",
                Params.of("since", since),
                r -> {
                  long[] n = byMinute.computeIfAbsent(r.longValue("minute"), m -> new long[2]);
                  n[r.str("status").equals("completed") ? 0 : 1] += r.longValue("n");
                  return null;
                }));
    List<FinishedPerMinute> out = new ArrayList<>(byMinute.size());
    byMinute.forEach(
        (minute, n) ->
            out.add(
                new FinishedPerMinute(Instant.EPOCH.plus(minute, ChronoUnit.MINUTES), n[0], n[1])));
    return out;
  }

  @Override
  public Page<Document> documentSearch(String name, int limit, int offset) {
    Params p = Params.of("pattern", likePattern(name), "limit", limit, "offset", offset);
    return db.autoCommit(
        tx ->
            new Page<>(
                tx.list("document_list_by_name", p, Rows::document),
                tx.scalar("document_count_by_name", p)));
  }

  /** {@code %name%} in lower case, the name's own LIKE wildcards escaped. */
  static String likePattern(String name) {
    String escaped =
        name.toLowerCase(java.util.Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }

  @Override
  public Page<Job> batchChildPage(String parentJobId, int limit, int offset) {
    Params p = Params.of("parent_job_id", parentJobId, "limit", limit, "offset", offset);
    return db.autoCommit(
        tx ->
            new Page<>(
                tx.list("batch_children_page", p, Rows::job),
                tx.scalar("batch_children_count", p)));
  }

  @Override
  public Map<String, String> documentFilenames(Collection<String> documentIds) {
    Map<String, String> names = new HashMap<>();
    if (documentIds.isEmpty()) {
      return names;
    }
    String ids;
    try {
      ids = JSON.writeValueAsString(List.copyOf(documentIds));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    db.autoCommit(
        tx ->
            tx.list(
                "document_filenames",
                Params.of("ids", ids),
                r -> names.put(r.str("document_id"), r.str("filename"))));
    return names;
  }

  @Override
  public Set<String> blobKeysReferenced(List<String> blobKeys) {
    if (blobKeys.isEmpty()) {
      return Set.of();
    }
    String keys;
    try {
      keys = JSON.writeValueAsString(blobKeys);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    return new HashSet<>(
        db.autoCommit(
            tx ->
                tx.list(
                    "document_blob_keys_referenced",
                    Params.of("keys", keys),
                    r -> r.str("blob_key"))));
  }
}
