package dev.intake.store.jdbc;

import dev.intake.job.Document;
import dev.intake.job.Fence;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.job.Stage;
import dev.intake.store.AttachOutcome;
import dev.intake.store.CancelOutcome;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Completion;
import dev.intake.store.EnqueueResult;
import dev.intake.store.Heartbeat;
import dev.intake.store.JobStore;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.OutboxEntry;
import dev.intake.store.ReprocessOutcome;
import dev.intake.store.RequeueOutcome;
import dev.intake.store.RescuedJob;
import dev.intake.store.StoredChunk;
import dev.intake.store.WorkerInfo;
import dev.intake.store.postgres.PgNotifications;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The job store on a JDBC database (SQLite or PostgreSQL). Every statement is a named query from
 * the dialect's {@code .sql} resources; a worker's writes are single statements guarded on job id,
 * attempt, worker id and status, so a worker that lost its lease changes nothing.
 */
public final class JdbcJobStore implements JobStore {
  private final Database db;

  public JdbcJobStore(Database db) {
    this.db = db;
  }

  @Override
  public EnqueueResult documentEnqueue(NewDocument d, NewJob j, Instant now) {
    return db.inDurableTransaction(
        tx -> {
          if (!j.params().force()) {
            Optional<Document> existing = DocumentOps.findDuplicate(tx, d);
            if (existing.isPresent()) {
              return new EnqueueResult(existing.get(), latestJob(tx, existing.get()), true);
            }
          }
          // The rows as inserted, built rather than read back: this runs once per upload inside
          // the single SQLite writer (GroupCommit), where every statement delays every upload.
          Document doc = DocumentOps.insert(tx, d, j.jobId(), now);
          Job job = insertJob(tx, j, now);
          notify(tx, PgNotifications.JOBS, j.jobId());
          return new EnqueueResult(doc, job, false);
        });
  }

  /** The document's latest job, or null once retention deleted it. */
  private static Job latestJob(Tx tx, Document d) throws SQLException {
    if (d.jobId() == null) {
      return null;
    }
    return tx.one("job_get", Params.of("job_id", d.jobId()), Rows::job).orElse(null);
  }

  /** Inserts a pending job; returns it as stored (what {@code job_get} would read back). */
  static Job insertJob(Tx tx, NewJob j, Instant now) throws SQLException {
    tx.update(
        "job_insert",
        Params.of(
            "job_id", j.jobId(),
            "task_type", j.taskType().wireName(),
            "priority", j.priority().rank(),
            "message", j.message(),
            "now", now,
            "max_attempts", j.maxAttempts(),
            "document_id", j.documentId(),
            "parent_job_id", j.parentJobId(),
            "params", Rows.paramsJson(j.params())));
    Instant at = Rows.asStored(now);
    return new Job(
        j.jobId(),
        j.taskType(),
        j.priority(),
        JobState.PENDING,
        null,
        0,
        j.message(),
        at,
        null,
        null,
        at,
        at,
        0,
        j.maxAttempts(),
        null,
        null,
        null,
        j.documentId(),
        j.parentJobId(),
        j.params(),
        null,
        false,
        0);
  }

  @Override
  public Optional<Job> jobClaim(ClaimRequest r) {
    return db.inTransaction(
        tx ->
            tx.one(
                "job_claim",
                Params.of(
                    "worker_id", r.workerId(),
                    "lease_until", r.leaseUntil(),
                    "now", r.now(),
                    "max_rank", r.lowest().rank()),
                Rows::job));
  }

  @Override
  public Heartbeat jobHeartbeat(Fence f, Instant leaseUntil) {
    Optional<Boolean> cancel =
        db.inTransaction(
            tx ->
                tx.one(
                    "job_heartbeat",
                    fence(f).with("lease_until", leaseUntil),
                    r -> r.bool("cancel_requested")));
    if (cancel.isEmpty()) {
      return Heartbeat.LOST;
    }
    return cancel.get() ? Heartbeat.CANCEL_REQUESTED : Heartbeat.OWNED;
  }

  @Override
  public boolean jobProgressIfOwned(
      Fence f, Stage stage, double progress, String message, Instant now) {
    return db.autoCommit(
            tx ->
                tx.update(
                    "job_progress_if_owned",
                    fence(f)
                        .with("stage", stage == null ? null : stage.wireName())
                        .with("progress", progress)
                        .with("message", message)
                        .with("now", now)))
        == 1;
  }

  @Override
  public boolean jobEmbeddingModelIfOwned(Fence f, String model, int dimensions, Instant now) {
    return db.inTransaction(
        tx -> {
          // "model/dimensions" of an earlier attempt's chunks; "null/null" before any.
          String before =
              tx.one(
                      "job_embedding_model",
                      Params.of("job_id", f.jobId()),
                      r -> r.str("embedding_model") + "/" + r.intOrNull("embedding_dimensions"))
                  .orElse("null/null");
          int owned =
              tx.update(
                  "job_set_embedding_model_if_owned",
                  fence(f)
                      .with("embedding_model", model)
                      .with("embedding_dimensions", dimensions)
                      .with("now", now));
          if (owned != 1) {
            return false;
          }
          if (!before.equals("null/null") && !before.equals(model + "/" + dimensions)) {
            tx.update("chunk_delete_for_job", Params.of("job_id", f.jobId()));
            tx.update("job_checkpoint_if_owned", fence(f).with("checkpoint", 0).with("now", now));
          }
          return true;
        });
  }

  @Override
  public boolean chunksAppendIfOwned(
      Fence f, String documentId, List<StoredChunk> chunks, int checkpoint, Instant now) {
    return db.inTransaction(
        tx -> {
          // The guarded checkpoint write goes first: if the job is no longer ours, no chunk is
          // written.
          int owned =
              tx.update(
                  "job_checkpoint_if_owned",
                  fence(f).with("checkpoint", checkpoint).with("now", now));
          if (owned != 1) {
            return false;
          }
          List<Params> rows = new ArrayList<>(chunks.size());
          for (StoredChunk c : chunks) {
            rows.add(
                Params.of(
                    "document_id", documentId,
                    "job_id", f.jobId(),
                    "chunk_index", c.chunkIndex(),
                    "text", c.text(),
                    "page_start", c.pageStart(),
                    "page_end", c.pageEnd(),
                    "char_start", c.charStart(),
                    "char_end", c.charEnd(),
                    "token_count", c.tokenCount(),
                    "embedding", Vectors.toBytes(c.embedding()),
                    "section", c.section()));
          }
          tx.batch("chunk_insert", rows);
          return true;
        });
  }

  @Override
  public boolean jobCompleteIfOwned(Fence f, Completion c, Instant now) {
    return db.inTransaction(
        tx -> {
          int owned =
              tx.update(
                  "job_complete_if_owned",
                  fence(f)
                      .with("message", c.message())
                      .with("result", c.resultJson())
                      .with("now", now));
          if (owned != 1) {
            return false;
          }
          Job job = tx.one("job_get", Params.of("job_id", f.jobId()), Rows::job).orElseThrow();
          int documents =
              tx.update(
                  "document_mark_completed",
                  Params.of(
                      "job_id", f.jobId(),
                      "pages", c.pages(),
                      "chunk_count", c.chunkCount(),
                      "characters", c.characters(),
                      "content_type", c.contentType(),
                      "chunk_size", job.params().chunkSize(),
                      "chunk_overlap", job.params().chunkOverlap(),
                      "title", c.info().title(),
                      "author", c.info().author(),
                      "language", c.info().language(),
                      "file_created_at", c.info().created(),
                      "now", now,
                      "document_id", c.documentId()));
          if (documents == 1) {
            tx.update(
                "chunk_delete_other_jobs",
                Params.of("document_id", c.documentId(), "job_id", f.jobId()));
          } else {
            // The document was deleted while this job ran: its chunks have nowhere to live.
            tx.update("chunk_delete_for_job", Params.of("job_id", f.jobId()));
          }
          Batches.childChanged(tx, f.jobId(), now);
          tx.update(
              "outbox_insert",
              Params.of("document_id", c.documentId(), "operation", "upsert", "now", now));
          notify(tx, PgNotifications.INDEX, c.documentId());
          return true;
        });
  }

  @Override
  public RequeueOutcome jobRetryLaterIfOwned(Fence f, String error, Instant runAt, Instant now) {
    return db.inTransaction(
        tx ->
            Requeues.requeue(
                tx,
                "job_retry_later_if_owned",
                fence(f)
                    .with("run_at", runAt)
                    .with("error_message", error)
                    .with("message", "Will retry: " + error)
                    .with("now", now),
                f.jobId(),
                false,
                now));
  }

  @Override
  public Optional<JobState> jobFailIfOwned(Fence f, String error, Instant now) {
    return db.inTransaction(
        tx -> {
          Optional<String> status =
              tx.one(
                  "job_fail_if_owned",
                  fence(f)
                      .with("error_message", error)
                      .with("message", "Failed: " + error)
                      .with("now", now),
                  r -> r.str("status"));
          if (status.isPresent()) { // failed, or cancelled when a client had asked for it
            discardPartialOutput(tx, f.jobId(), status.get(), now);
            Batches.childChanged(tx, f.jobId(), now);
          }
          return status.map(JobState::fromWire);
        });
  }

  @Override
  public boolean jobCancelledIfOwned(Fence f, Instant now) {
    return db.inTransaction(
        tx -> {
          int owned = tx.update("job_cancelled_if_owned", fence(f).with("now", now));
          if (owned == 1) {
            discardPartialOutput(tx, f.jobId(), "cancelled", now);
            Batches.childChanged(tx, f.jobId(), now);
          }
          return owned == 1;
        });
  }

  /** Removes a finished-unsuccessfully job's chunks; its document keeps any earlier live chunks. */
  static void discardPartialOutput(Tx tx, String jobId, String docStatus, Instant now)
      throws SQLException {
    tx.update("chunk_delete_for_job", Params.of("job_id", jobId));
    Optional<Job> job = tx.one("job_get", Params.of("job_id", jobId), Rows::job);
    if (job.isPresent() && job.get().documentId() != null) {
      tx.update(
          "document_set_status_if_not_live",
          Params.of(
              "status", docStatus,
              "now", now,
              "document_id", job.get().documentId(),
              "job_id", jobId));
    }
  }

  @Override
  public RequeueOutcome jobHandBackIfOwned(Fence f, String message, Instant runAt, Instant now) {
    return db.inTransaction(
        tx ->
            Requeues.requeue(
                tx,
                "job_hand_back_if_owned",
                fence(f).with("message", message).with("run_at", runAt).with("now", now),
                f.jobId(),
                !runAt.isAfter(now),
                now));
  }

  @Override
  public RequeueOutcome jobReleaseIfOwned(Fence f, Instant now) {
    return db.inTransaction(
        tx ->
            Requeues.requeue(
                tx, "job_release_if_owned", fence(f).with("now", now), f.jobId(), true, now));
  }

  @Override
  public List<RescuedJob> jobRescueExpired(Instant now, IntFunction<Long> backoff) {
    return jobRescueExpired(now, backoff, leaseUntil -> false);
  }

  @Override
  public List<RescuedJob> jobRescueExpired(
      Instant now, IntFunction<Long> backoff, Predicate<Instant> lapsedInOutage) {
    List<Job> expired =
        db.autoCommit(
            tx -> tx.list("job_expired_leases", Params.of("now", now, "limit", 100), Rows::job));
    List<RescuedJob> rescued = new ArrayList<>();
    for (Job j : expired) {
      boolean outage = !j.cancelRequested() && lapsedInOutage.test(j.leaseUntil());
      db.inTransaction(
              tx ->
                  outage
                      ? Rescues.handBackAfterOutage(tx, j, now)
                      : Rescues.rescue(tx, j, now, backoff))
          .ifPresent(rescued::add);
    }
    return rescued;
  }

  @Override
  public CancelOutcome jobCancel(String jobId, Instant now) {
    return db.inTransaction(
        tx -> {
          Optional<Job> job = tx.one("job_get", Params.of("job_id", jobId), Rows::job);
          if (job.isEmpty()) {
            return CancelOutcome.NOT_FOUND;
          }
          if (job.get().taskType() == dev.intake.job.TaskType.DIRECTORY_BATCH) {
            return Batches.cancel(tx, job.get(), now);
          }
          if (tx.update("job_cancel_queued", Params.of("job_id", jobId, "now", now)) == 1) {
            discardPartialOutput(tx, jobId, "cancelled", now);
            Batches.childChanged(tx, jobId, now);
            return CancelOutcome.CANCELLED;
          }
          if (tx.update("job_request_cancel", Params.of("job_id", jobId, "now", now)) == 1) {
            notify(tx, PgNotifications.CANCEL, jobId);
            return CancelOutcome.REQUESTED;
          }
          return CancelOutcome.ALREADY_FINISHED;
        });
  }

  @Override
  public Optional<Job> jobRetry(String jobId, Instant now) {
    return db.inTransaction(
        tx -> {
          Optional<Job> current = tx.one("job_get", Params.of("job_id", jobId), Rows::job);
          if (current.isPresent()
              && current.get().taskType() == dev.intake.job.TaskType.DIRECTORY_BATCH) {
            return Batches.retry(tx, current.get(), now);
          }
          if (tx.update("job_requeue", Params.of("job_id", jobId, "now", now)) != 1) {
            return Optional.empty();
          }
          Job job = tx.one("job_get", Params.of("job_id", jobId), Rows::job).orElseThrow();
          notify(tx, PgNotifications.JOBS, jobId);
          if (job.documentId() != null) {
            tx.update(
                "document_set_status_if_not_live",
                Params.of(
                    "status",
                    "pending",
                    "now",
                    now,
                    "document_id",
                    job.documentId(),
                    "job_id",
                    jobId));
          }
          return Optional.of(job);
        });
  }

  @Override
  public int chunkCountForJob(String jobId) {
    long n = db.autoCommit(tx -> tx.scalar("chunk_count_for_job", Params.of("job_id", jobId)));
    return (int) n;
  }

  @Override
  public List<OutboxEntry> outboxAfter(long afterSeq, int limit) {
    return db.autoCommit(
        tx ->
            tx.list(
                "outbox_after",
                Params.of("after", afterSeq, "limit", limit),
                r ->
                    new OutboxEntry(r.longValue("seq"), r.str("document_id"), r.str("operation"))));
  }

  @Override
  public List<StoredChunk> chunksActivePage(String documentId, int afterChunkIndex, int limit) {
    return db.autoCommit(
        tx ->
            tx.list(
                "chunk_page_active",
                Params.of("document_id", documentId, "after", afterChunkIndex, "limit", limit),
                r -> Rows.chunk(r, true)));
  }

  @Override
  public List<String> documentIdsActive() {
    return db.autoCommit(
        tx -> tx.list("document_ids_active", Params.of(), r -> r.str("document_id")));
  }

  @Override
  public long outboxMaxSeq() {
    return db.autoCommit(tx -> tx.scalar("outbox_max_seq", Params.of()));
  }

  @Override
  public Job batchEnqueue(NewJob parent, List<NewJob> children, Instant now) {
    return db.inDurableTransaction(tx -> Batches.enqueue(tx, parent, children, now));
  }

  @Override
  public AttachOutcome jobAttachDocumentIfOwned(Fence f, NewDocument d, Instant now) {
    return db.inTransaction(
        tx -> {
          Job job = tx.one("job_get", Params.of("job_id", f.jobId()), Rows::job).orElse(null);
          boolean force = job != null && job.params().force();
          return DocumentOps.attach(tx, f, d, force, now);
        });
  }

  @Override
  public boolean jobSkipIfOwned(
      Fence f, String documentId, String resultJson, String message, Instant now) {
    return db.inTransaction(
        tx -> {
          int owned =
              tx.update(
                  "job_skip_if_owned",
                  fence(f)
                      .with("message", message)
                      .with("result", resultJson)
                      .with("document_id", documentId)
                      .with("now", now));
          if (owned == 1) {
            Batches.childChanged(tx, f.jobId(), now);
          }
          return owned == 1;
        });
  }

  @Override
  public Optional<Document> documentDelete(String documentId, Instant now) {
    return db.inTransaction(tx -> DocumentOps.delete(tx, documentId, now));
  }

  @Override
  public ReprocessOutcome documentReprocess(String documentId, NewJob job, Instant now) {
    return db.inDurableTransaction(tx -> DocumentOps.reprocess(tx, documentId, job, now));
  }

  @Override
  public int jobCleanup(Instant before) {
    return db.inTransaction(
        tx -> {
          List<Params> deleted =
              tx.list(
                  "job_cleanup",
                  Params.of("before", before),
                  r -> Params.of("job_id", r.str("job_id")));
          tx.batch("document_forget_job", deleted);
          return deleted.size();
        });
  }

  @Override
  public void workerRegister(WorkerInfo w) {
    db.autoCommit(tx -> WorkerRows.register(tx, w));
  }

  @Override
  public boolean workerHeartbeat(WorkerInfo w) {
    return db.autoCommit(tx -> WorkerRows.heartbeat(tx, w));
  }

  @Override
  public void workerRemove(String workerId) {
    db.autoCommit(tx -> tx.update("worker_delete", Params.of("worker_id", workerId)));
  }

  @Override
  public int workerRemoveStale(Instant before) {
    return db.autoCommit(tx -> tx.update("worker_delete_stale", Params.of("before", before)));
  }

  /** Tells listening processes (PostgreSQL only; delivered when the transaction commits). */
  static void notify(Tx tx, String channel, String payload) throws SQLException {
    tx.list("notify", Params.of("channel", channel, "payload", payload), r -> null);
  }

  private static Params fence(Fence f) {
    return Params.of("job_id", f.jobId(), "attempt", f.attempt(), "worker_id", f.workerId());
  }
}
