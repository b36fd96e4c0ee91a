package dev.intake.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.blob.BlobStore;
import dev.intake.blob.BlobTooLargeException;
import dev.intake.blob.StoredBlob;
import dev.intake.engine.JobContext;
import dev.intake.engine.JobStoppedException;
import dev.intake.engine.StopReason;
import dev.intake.job.ArchiveEntry;
import dev.intake.job.Job;
import dev.intake.job.Stage;
import dev.intake.pipeline.IngestException;
import dev.intake.store.AttachOutcome;
import dev.intake.store.Completion;
import dev.intake.store.JobStore;
import dev.intake.store.NewDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * First step of a batch file: copies the directory's file into the blob store (an archive's entry
 * is there already, stored by the upload) and records its document, or finds that identical content
 * was already ingested and skips it.
 */
final class SourceImporter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The document to ingest, or the completion of a skipped duplicate. */
  record Imported(String documentId, Completion skipped) {}

  private final JobStore store;
  private final BlobStore blobs;
  private final AllowedDirectories allowed;
  private final long maxBytes;

  SourceImporter(JobStore store, BlobStore blobs, AllowedDirectories allowed, long maxBytes) {
    this.store = store;
    this.blobs = blobs;
    this.allowed = allowed;
    this.maxBytes = maxBytes;
  }

  Imported importFile(JobContext ctx) throws IOException {
    ArchiveEntry entry = ctx.job().params().archiveEntry();
    if (entry != null) {
      ctx.progress(Stage.PARSING, 0, "Reading " + entry.name());
      // The entry's blob is the archive's, not this attempt's copy: a later attempt needs it.
      return attach(
          ctx,
          entry.name(),
          new StoredBlob(entry.blobKey(), entry.sizeBytes(), entry.sha256()),
          false);
    }
    Job job = ctx.job();
    Path file = Path.of(job.params().sourcePath());
    String name = FileNames.clean(file.getFileName().toString());
    ctx.progress(Stage.PARSING, 0, "Reading " + name);
    if (!allowed.allowsFile(file)) {
      throw IngestException.permanent(
          "forbidden", "The file " + name + " is no longer below an allowed directory");
    }
    StoredBlob blob;
    try (InputStream in = Files.newInputStream(file)) {
      blob = blobs.put(in, maxBytes);
    } catch (NoSuchFileException e) {
      throw IngestException.permanent(
          "missing", "The file " + name + " was removed before it was read");
    } catch (BlobTooLargeException e) {
      throw IngestException.permanent("too_large", e.getMessage());
    }
    return attach(ctx, name, blob, true);
  }

  /**
   * Records the stored {@code blob} as the job's document, or skips it as a duplicate (and deletes
   * it). A copy made by this attempt ({@code ownCopy}) is deleted too when it cannot be recorded.
   */
  private Imported attach(JobContext ctx, String name, StoredBlob blob, boolean ownCopy) {
    Job job = ctx.job();
    String documentId = UUID.randomUUID().toString();
    AttachOutcome outcome;
    try {
      outcome =
          store.jobAttachDocumentIfOwned(
              ctx.fence(),
              new NewDocument(
                  documentId,
                  name,
                  null,
                  blob.sizeBytes(),
                  blob.sha256(),
                  blob.key(),
                  job.params().chunkSize(),
                  job.params().chunkOverlap()),
              ctx.clock().instant());
    } catch (RuntimeException e) {
      if (ownCopy) {
        BlobCleanup.delete(blobs, blob.key());
      }
      throw e;
    }
    if (!outcome.owned()) {
      if (ownCopy) {
        BlobCleanup.delete(blobs, blob.key());
      }
      throw new JobStoppedException(StopReason.LEASE_LOST);
    }
    if (outcome.duplicateOf() != null) {
      BlobCleanup.delete(blobs, blob.key());
      ObjectNode result = JSON.createObjectNode();
      result.put("document_id", outcome.duplicateOf().documentId());
      result.put("skipped", true);
      result.put("reason", "identical content was already ingested with the same settings");
      return new Imported(
          null,
          Completion.skipped(
              outcome.duplicateOf().documentId(),
              result.toString(),
              "Skipped " + name + ": identical to an ingested document"));
    }
    return new Imported(documentId, null);
  }
}
