package dev.intake.store.jdbc;

import dev.intake.job.Document;
import dev.intake.job.Fence;
import dev.intake.job.Job;
import dev.intake.store.AttachOutcome;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.ReprocessOutcome;
import dev.intake.store.postgres.PgNotifications;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Document-level changes: import of a batch file, delete, reprocess. */
final class DocumentOps {
  private DocumentOps() {}

  static AttachOutcome attach(Tx tx, Fence f, NewDocument d, boolean force, Instant now)
      throws SQLException {
    Params fence =
        Params.of("job_id", f.jobId(), "attempt", f.attempt(), "worker_id", f.workerId());
    if (tx.update(
            "job_attach_document_if_owned",
            fence.with("document_id", d.documentId()).with("now", now))
        != 1) {
      return new AttachOutcome(false, null);
    }
    if (!force) {
      Optional<Document> existing = findDuplicate(tx, d);
      if (existing.isPresent()) {
        tx.update(
            "job_attach_document_if_owned",
            fence.with("document_id", existing.get().documentId()).with("now", now));
        return new AttachOutcome(true, existing.get());
      }
    }
    insert(tx, d, f.jobId(), now);
    return new AttachOutcome(true, null);
  }

  /** A document with the same content and chunk settings that did not fail, if any. */
  static Optional<Document> findDuplicate(Tx tx, NewDocument d) throws SQLException {
    return tx.one(
        "document_find_duplicate",
        Params.of(
            "sha256", d.sha256(), "chunk_size", d.chunkSize(), "chunk_overlap", d.chunkOverlap()),
        Rows::document);
  }

  /** Inserts a pending document; returns it as stored (what {@code document_get} would read). */
  static Document insert(Tx tx, NewDocument d, String jobId, Instant now) throws SQLException {
    tx.update(
        "document_insert",
        Params.of(
            "document_id", d.documentId(),
            "filename", d.filename(),
            "content_type", d.contentType(),
            "size_bytes", d.sizeBytes(),
            "sha256", d.sha256(),
            "blob_key", d.blobKey(),
            "chunk_size", d.chunkSize(),
            "chunk_overlap", d.chunkOverlap(),
            "job_id", jobId,
            "now", now));
    Instant at = Rows.asStored(now);
    return new Document(
        d.documentId(),
        d.filename(),
        d.contentType(),
        d.sizeBytes(),
        d.sha256(),
        d.blobKey(),
        d.chunkSize(),
        d.chunkOverlap(),
        "pending",
        null,
        null,
        null,
        jobId,
        null,
        at,
        at,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Optional<Document> delete(Tx tx, String documentId, Instant now) throws SQLException {
    Params p = Params.of("document_id", documentId, "now", now);
    Optional<Document> doc = tx.one("document_get", p, Rows::document);
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    tx.update("job_cancel_queued_for_document", p);
    tx.update("job_request_cancel_for_document", p);
    if (doc.get().jobId() != null) {
      JdbcJobStore.notify(tx, PgNotifications.CANCEL, doc.get().jobId());
    }
    tx.update("chunk_delete_for_document", p);
    tx.update("document_delete", p);
    tx.update(
        "outbox_insert", Params.of("document_id", documentId, "operation", "delete", "now", now));
    JdbcJobStore.notify(tx, PgNotifications.INDEX, documentId);
    return doc;
  }

  static ReprocessOutcome reprocess(Tx tx, String documentId, NewJob job, Instant now)
      throws SQLException {
    Params p = Params.of("document_id", documentId);
    if (tx.one("document_get", p, Rows::document).isEmpty()) {
      return new ReprocessOutcome(ReprocessOutcome.Status.NOT_FOUND, null);
    }
    if (tx.scalar("job_in_progress_for_document", p) > 0) {
      return new ReprocessOutcome(ReprocessOutcome.Status.BUSY, null);
    }
    JdbcJobStore.insertJob(tx, job, now);
    tx.update(
        "document_set_job",
        Params.of("job_id", job.jobId(), "now", now, "document_id", documentId));
    JdbcJobStore.notify(tx, PgNotifications.JOBS, job.jobId());
    Job inserted = tx.one("job_get", Params.of("job_id", job.jobId()), Rows::job).orElseThrow();
    return new ReprocessOutcome(ReprocessOutcome.Status.QUEUED, inserted);
  }
}
