package dev.intake.ingest;

import dev.intake.blob.BlobStore;
import dev.intake.blob.StoredBlob;
import dev.intake.engine.WakeSignal;
import dev.intake.ingest.archive.ArchiveLimits;
import dev.intake.ingest.archive.ArchiveReadException;
import dev.intake.ingest.archive.ArchiveRefusedException;
import dev.intake.ingest.archive.ZipArchive;
import dev.intake.job.ArchiveEntry;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.store.JobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an uploaded ZIP archive into a directory batch of its files, in the request: the upload is
 * copied to a temporary file, its central directory checked against the {@link ArchiveLimits}
 * ({@link ZipArchive}), the batch admitted, and then each file of a readable type streamed,
 * inflated and held to its declared size, into the blob store. Only then are the parent and its
 * children recorded, in one transaction, as for a directory; each child records its document when
 * it runs, and is skipped there when identical content exists. An archive refused at any step
 * leaves nothing behind: the entries stored so far are deleted.
 *
 * <p>In the request rather than in a job: the work is bounded by the limits (by default at most
 * {@code INTAKE_MAX_ARCHIVE_MB} of inflated bytes, streamed, in constant memory), and a bad archive
 * is answered at once with what is wrong with it, instead of a job that fails later.
 */
public final class ArchiveIngestService {
  /** A started batch: the parent job, the files queued and the entries skipped. */
  public record Batch(Job job, int files, List<String> skipped, String skippedSummary) {}

  private final BlobStore blobs;
  private final Admission admission;
  private final BatchRecorder batches;
  private final ArchiveLimits limits;
  private final Path tmpDir;

  /**
   * @param tmpDir where the upload is copied while it is expanded
   */
  public ArchiveIngestService(
      JobStore store,
      BlobStore blobs,
      Admission admission,
      WakeSignal wake,
      Clock clock,
      int maxAttempts,
      ArchiveLimits limits,
      Path tmpDir) {
    this.blobs = blobs;
    this.admission = admission;
    this.batches = new BatchRecorder(store, wake, clock, maxAttempts);
    this.limits = limits;
    this.tmpDir = tmpDir;
  }

  /** Whether an upload of this (cleaned) name is an archive to expand: a {@code .zip}. */
  public static boolean isArchive(String filename) {
    return filename != null && filename.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  /**
   * Expands the archive {@code upload} named {@code request.filename()} into a batch; the batch's
   * priority is the request's, or medium as for a directory.
   *
   * @throws ArchiveRefusedException when the archive is damaged, encrypted, breaks a limit or holds
   *     no file of a readable type
   * @throws OverloadedException when the queue or the disk has no room for its files
   */
  public Batch ingest(InputStream upload, UploadRequest request, ChunkingSettings settings)
      throws IOException {
    Path copy = Files.createTempFile(tmpDir, "archive-", ".zip");
    try {
      try (OutputStream out = Files.newOutputStream(copy)) {
        upload.transferTo(out);
      }
      try (ZipArchive zip = ZipArchive.open(copy, limits, DirectoryIngestService::readableType)) {
        if (zip.files().isEmpty()) {
          throw ArchiveRefusedException.invalid(
              "archive_empty",
              "The archive holds no file of a type Intake reads"
                  + (zip.skipped().isEmpty() ? "" : " (" + zip.skippedSummary() + ")"));
        }
        try (Admission.Ticket ticket = admission.admit(zip.files().size(), zip.totalBytes())) {
          return expand(zip, request, settings);
        }
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private Batch expand(ZipArchive zip, UploadRequest request, ChunkingSettings settings)
      throws IOException {
    List<StoredBlob> stored = new ArrayList<>(zip.files().size());
    try {
      List<BatchRecorder.File> children = new ArrayList<>(zip.files().size());
      for (ZipArchive.Entry entry : zip.files()) {
        StoredBlob blob;
        try (InputStream in = zip.open(entry)) {
          blob = blobs.put(in, limits.maxEntryBytes());
        }
        stored.add(blob);
        children.add(
            new BatchRecorder.File(
                new JobParams(
                    settings.chunkSize(),
                    settings.chunkOverlap(),
                    request.force(),
                    null,
                    new ArchiveEntry(blob.key(), entry.name(), blob.sizeBytes(), blob.sha256())),
                "Queued: " + entry.name()));
      }
      String message =
          "Ingesting "
              + children.size()
              + (children.size() == 1 ? " file of " : " files of ")
              + request.filename();
      Job parent =
          batches.record(
              request.priority() == null ? Priority.MEDIUM : request.priority(),
              new JobParams(
                  settings.chunkSize(),
                  settings.chunkOverlap(),
                  request.force(),
                  request.filename()),
              message,
              children);
      return new Batch(parent, children.size(), zip.skipped(), zip.skippedSummary());
    } catch (ArchiveReadException e) {
      deleteAll(stored);
      throw e.refusal();
    } catch (IOException | RuntimeException | Error e) {
      deleteAll(stored);
      throw e;
    }
  }

  private void deleteAll(List<StoredBlob> stored) {
    for (StoredBlob blob : stored) {
      BlobCleanup.delete(blobs, blob.key());
    }
  }
}
