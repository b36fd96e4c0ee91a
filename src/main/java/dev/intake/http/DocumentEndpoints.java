package dev.intake.http;

import dev.intake.blob.BlobTooLargeException;
import dev.intake.ingest.Admission;
import dev.intake.ingest.AllowedDirectories;
import dev.intake.ingest.ArchiveIngestService;
import dev.intake.ingest.DirectoryIngestService;
import dev.intake.ingest.FileNames;
import dev.intake.ingest.IngestService;
import dev.intake.ingest.UploadRequest;
import dev.intake.ingest.archive.ArchiveRefusedException;
import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.Priority;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.store.EnqueueResult;
import dev.intake.store.JobReader;
import dev.intake.store.Page;
import dev.intake.store.ReprocessOutcome;
import dev.intake.store.StoredChunk;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /documents} endpoints. */
public final class DocumentEndpoints {
  private static final int MIN_CHUNK = ChunkingSettings.MIN_CHUNK_SIZE;
  private static final int MAX_CHUNK = ChunkingSettings.MAX_CHUNK_SIZE;

  /** The longest part of a file name the document list can be searched for. */
  static final int MAX_NAME_QUERY = 255;

  private final IngestService ingest;
  private final DirectoryIngestService directories;
  private final ArchiveIngestService archives;
  private final JobReader reader;
  private final JobViewer viewer;
  private final long maxUploadMb;

  /**
   * @param maxUploadBytes the upload limit, for messages
   */
  public DocumentEndpoints(
      IngestService ingest,
      DirectoryIngestService directories,
      ArchiveIngestService archives,
      JobReader reader,
      long maxUploadBytes) {
    this.ingest = ingest;
    this.directories = directories;
    this.archives = archives;
    this.reader = reader;
    this.viewer = new JobViewer(reader);
    this.maxUploadMb = Math.max(1, maxUploadBytes / (1024 * 1024));
  }

  void delete(Context ctx) throws IOException {
    String id = ctx.pathParam("document_id");
    Document deleted =
        ingest
            .delete(id)
            .orElseThrow(
                () -> ApiException.notFound("document_not_found", "No document with id " + id));
    ctx.json(Map.of("document_id", deleted.documentId(), "deleted", true));
  }

  void reprocess(Context ctx) {
    String id = ctx.pathParam("document_id");
    JsonBody body = JsonBody.readIfPresent(ctx);
    Integer size = body == null ? null : body.integer("chunk_size", MIN_CHUNK, MAX_CHUNK);
    Integer overlap = body == null ? null : body.integer("chunk_overlap", 0, MAX_CHUNK - 1);
    ReprocessOutcome outcome = ingest.reprocess(id, size, overlap);
    switch (outcome.status()) {
      case NOT_FOUND ->
          throw ApiException.notFound("document_not_found", "No document with id " + id);
      case BUSY ->
          throw ApiException.conflict(
              "document_busy", "Document " + id + " already has a job queued or running");
      case QUEUED -> ctx.status(202).json(viewer.view(outcome.job()));
    }
  }

  void ingestDirectory(Context ctx) {
    JsonBody body = JsonBody.read(ctx);
    String path = body.string("directory_path");
    List<String> patterns = body.strings("file_patterns", DirectoryIngestService.MAX_PATTERNS);
    boolean recursive = body.bool("recursive", true);
    ChunkingSettings settings =
        ingest.settingsFor(
            body.integer("chunk_size", MIN_CHUNK, MAX_CHUNK),
            body.integer("chunk_overlap", 0, MAX_CHUNK - 1));
    DirectoryIngestService.Batch batch;
    try {
      batch = directories.ingest(path, patterns, recursive, settings);
    } catch (AllowedDirectories.ForbiddenException e) {
      throw new ApiException(403, "forbidden", e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job_id", batch.job().jobId());
    out.put("directory_path", path);
    out.put("total_files_found", batch.files());
    out.put("status", batch.job().status().wireName());
    out.put("message", "Queued " + batch.files() + " files for ingestion");
    ctx.status(202).json(out);
  }

  /**
   * Admits the upload (503 when the queue or the disk is full), then parses the form: nothing is
   * stored for a refused upload, not even a temporary file.
   */
  void upload(Context ctx) throws IOException {
    UploadForm.requireMultipart(ctx);
    try (Admission.Ticket ticket = ingest.admit(ctx.req().getContentLengthLong())) {
      store(ctx, UploadForm.read(ctx, maxUploadMb));
    }
  }

  private void store(Context ctx, UploadForm form) throws IOException {
    String priority = form.field("priority");
    UploadRequest request =
        new UploadRequest(
            FileNames.clean(form.file().filename()),
            // No priority: an upload's default (high), or a batch's (medium) for an archive.
            priority == null || priority.isBlank() ? null : priority(priority),
            Inputs.optionalInt("chunk_size", form.field("chunk_size"), MIN_CHUNK, MAX_CHUNK),
            Inputs.optionalInt("chunk_overlap", form.field("chunk_overlap"), 0, MAX_CHUNK - 1),
            Inputs.bool("force", form.field("force")));
    ingest.settingsFor(request.chunkSize(), request.chunkOverlap()); // 400 before storing anything
    UploadedFile file = form.file();
    if (ArchiveIngestService.isArchive(request.filename())) {
      storeArchive(ctx, file, request);
      return;
    }
    EnqueueResult result;
    try (InputStream in = file.content()) {
      result = ingest.upload(in, request);
    } catch (BlobTooLargeException e) {
      throw new ApiException(413, "file_too_large", e.getMessage());
    }
    // A duplicate's job may be gone (retention): the document's own status stands in for it.
    Job job = result.job();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job_id", job == null ? null : job.jobId());
    body.put("document_id", result.document().documentId());
    body.put("file_path", "blobs/" + result.document().blobKey());
    body.put("status", job == null ? result.document().status() : job.status().wireName());
    body.put("duplicate", result.duplicate());
    body.put(
        "message",
        result.duplicate()
            ? "Identical content was already ingested with the same settings; use force=true to ingest again"
            : "Document queued for ingestion");
    ctx.status(result.duplicate() ? 200 : 202).json(body);
  }

  /**
   * An archive becomes a batch of its files: {@code 202} with the batch job and the upload answer's
   * fields ({@code document_id} and {@code file_path} null: the archive itself is not kept).
   */
  private void storeArchive(Context ctx, UploadedFile file, UploadRequest request)
      throws IOException {
    ArchiveIngestService.Batch batch;
    try (InputStream in = file.content()) {
      batch =
          archives.ingest(
              in, request, ingest.settingsFor(request.chunkSize(), request.chunkOverlap()));
    } catch (ArchiveRefusedException e) {
      throw new ApiException(e.tooLarge() ? 413 : 400, e.code(), e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job_id", batch.job().jobId());
    body.put("task_type", batch.job().taskType().wireName());
    body.put("document_id", null);
    body.put("file_path", null);
    body.put("status", batch.job().status().wireName());
    body.put("duplicate", false);
    body.put("archive", request.filename());
    body.put("total_files_found", batch.files());
    body.put("skipped_entries", batch.skipped().size());
    body.put(
        "message",
        "Queued "
            + batch.files()
            + (batch.files() == 1 ? " file of " : " files of ")
            + request.filename()
            + " for ingestion"
            + (batch.skippedSummary() == null ? "" : "; " + batch.skippedSummary()));
    ctx.status(202).json(body);
  }

  void list(Context ctx) {
    int limit = Inputs.intQuery(ctx, "limit", 20, 1, 1000);
    int offset = Inputs.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    String name = ctx.queryParam("name");
    if (name != null && name.strip().length() > MAX_NAME_QUERY) {
      throw ApiException.badRequest("name may be at most " + MAX_NAME_QUERY + " characters");
    }
    Page<Document> page =
        name == null || name.isBlank()
            ? reader.documentList(limit, offset)
            : reader.documentSearch(name.strip(), limit, offset);
    ctx.json(
        Views.list("documents", page.items().stream().map(Views::document).toList(), page.total()));
  }

  void get(Context ctx) {
    ctx.json(Views.document(find(ctx)));
  }

  void chunks(Context ctx) {
    Document doc = find(ctx);
    Page<StoredChunk> page =
        reader.chunkPage(
            doc.documentId(),
            Inputs.intQuery(ctx, "limit", 20, 1, 1000),
            Inputs.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE));
    ctx.json(Views.list("chunks", page.items().stream().map(Views::chunk).toList(), page.total()));
  }

  private Document find(Context ctx) {
    String id = ctx.pathParam("document_id");
    return reader
        .documentGet(id)
        .orElseThrow(
            () -> ApiException.notFound("document_not_found", "No document with id " + id));
  }

  private static Priority priority(String value) {
    try {
      return Priority.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "priority must be one of high, medium, low, was " + Inputs.quoted(value));
    }
  }
}
