package dev.intake.ingest;

import dev.intake.blob.BlobStore;
import dev.intake.blob.StoredBlob;
import dev.intake.engine.WakeSignal;
import dev.intake.job.Document;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.store.EnqueueResult;
import dev.intake.store.JobReader;
import dev.intake.store.JobStore;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.ReprocessOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts uploads: streams the bytes to the blob store (hashing them), then records the document
 * and its job in one transaction and wakes a worker. An identical upload with the same settings
 * returns the existing document, and its new copy is removed.
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final JobStore store;
  private final JobReader reader;
  private final BlobStore blobs;
  private final WakeSignal wake;
  private final Clock clock;
  private final long maxUploadBytes;
  private final int maxAttempts;
  private final ChunkingSettings defaults;
  private final Admission admission;

  public IngestService(
      JobStore store,
      JobReader reader,
      BlobStore blobs,
      WakeSignal wake,
      Clock clock,
      long maxUploadBytes,
      int maxAttempts,
      ChunkingSettings defaults,
      Admission admission) {
    this.store = store;
    this.reader = reader;
    this.blobs = blobs;
    this.wake = wake;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
    this.maxAttempts = maxAttempts;
    this.defaults = defaults;
    this.admission = admission;
  }

  /**
   * Admits one upload of about {@code bytes} bytes (-1: unknown) before any of it is read; close
   * the ticket once the upload is stored or failed.
   *
   * @throws OverloadedException when the queue or the disk has no room for it
   */
  public Admission.Ticket admit(long bytes) {
    return admission.admit(1, bytes);
  }

  /** Validates the settings of a request before any byte is stored. */
  public ChunkingSettings settingsFor(Integer chunkSize, Integer chunkOverlap) {
    int size = chunkSize == null ? defaults.chunkSize() : chunkSize;
    int overlap = chunkOverlap == null ? Math.min(defaults.chunkOverlap(), size - 1) : chunkOverlap;
    return new ChunkingSettings(size, overlap);
  }

  /**
   * Queues a reprocess of a stored document with new chunk settings (missing ones: the document's
   * current settings). Search keeps the old chunks until the new ones commit.
   */
  public ReprocessOutcome reprocess(String documentId, Integer chunkSize, Integer chunkOverlap) {
    Optional<Document> doc = reader.documentGet(documentId);
    if (doc.isEmpty()) {
      return new ReprocessOutcome(ReprocessOutcome.Status.NOT_FOUND, null);
    }
    int size = chunkSize == null ? doc.get().chunkSize() : chunkSize;
    int overlap =
        chunkOverlap == null ? Math.min(doc.get().chunkOverlap(), size - 1) : chunkOverlap;
    ChunkingSettings settings = new ChunkingSettings(size, overlap);
    ReprocessOutcome outcome =
        store.documentReprocess(
            documentId,
            new NewJob(
                UUID.randomUUID().toString(),
                TaskType.DOCUMENT_REPROCESS,
                Priority.LOW,
                maxAttempts,
                documentId,
                null,
                new JobParams(settings.chunkSize(), settings.chunkOverlap(), true, null),
                "Queued for reprocessing"),
            clock.instant());
    if (outcome.status() == ReprocessOutcome.Status.QUEUED) {
      wake.signal();
    }
    return outcome;
  }

  /**
   * Deletes a document, its chunks (from the store and, via the outbox, the indexes) and its file.
   * A file the blob store cannot delete now is an orphan that the sweep removes later.
   */
  public Optional<Document> delete(String documentId) {
    Optional<Document> deleted = store.documentDelete(documentId, clock.instant());
    if (deleted.isPresent()) {
      BlobCleanup.delete(blobs, deleted.get().blobKey());
      log.info("deleted document {} ({})", documentId, deleted.get().filename());
    }
    return deleted;
  }

  public EnqueueResult upload(InputStream content, UploadRequest request) throws IOException {
    ChunkingSettings settings = settingsFor(request.chunkSize(), request.chunkOverlap());
    StoredBlob blob = blobs.put(content, maxUploadBytes);
    String documentId = UUID.randomUUID().toString();
    String jobId = UUID.randomUUID().toString();
    Priority priority = request.priority() == null ? Priority.HIGH : request.priority();
    EnqueueResult result;
    try {
      result =
          store.documentEnqueue(
              new NewDocument(
                  documentId,
                  request.filename(),
                  null,
                  blob.sizeBytes(),
                  blob.sha256(),
                  blob.key(),
                  settings.chunkSize(),
                  settings.chunkOverlap()),
              new NewJob(
                  jobId,
                  TaskType.SINGLE_DOCUMENT,
                  priority,
                  maxAttempts,
                  documentId,
                  null,
                  new JobParams(
                      settings.chunkSize(), settings.chunkOverlap(), request.force(), null),
                  "Queued"),
              clock.instant());
    } catch (RuntimeException e) {
      BlobCleanup.delete(blobs, blob.key());
      throw e;
    }
    if (result.duplicate()) {
      BlobCleanup.delete(blobs, blob.key());
      log.info(
          "upload {} is identical to document {}",
          request.filename(),
          result.document().documentId());
    } else {
      wake.signal();
    }
    return result;
  }
}
