package dev.intake.http;

import dev.intake.blob.BlobTooLargeException;
import dev.intake.ingest.IngestService;
import dev.intake.ingest.UploadRequest;
import dev.intake.job.Document;
import dev.intake.job.Priority;
import dev.intake.store.EnqueueResult;
import dev.intake.store.JobReader;
import dev.intake.store.Page;
import dev.intake.store.StoredChunk;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code /documents} endpoints. */
public final class DocumentEndpoints {
  private final IngestService ingest;
  private final JobReader reader;

  public DocumentEndpoints(IngestService ingest, JobReader reader) {
    this.ingest = ingest;
    this.reader = reader;
  }

  void upload(Context ctx) throws IOException {
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      throw ApiException.badRequest("multipart field 'file' is required");
    }
    String priority = ctx.formParam("priority");
    UploadRequest request =
        new UploadRequest(
            cleanFilename(file.filename()),
            priority == null || priority.isBlank() ? Priority.HIGH : Priority.fromWire(priority),
            Inputs.optionalInt("chunk_size", ctx.formParam("chunk_size"), 16, 2048),
            Inputs.optionalInt("chunk_overlap", ctx.formParam("chunk_overlap"), 0, 2047),
            Inputs.bool("force", ctx.formParam("force")));
    ingest.settingsFor(request.chunkSize(), request.chunkOverlap()); // 400 before storing anything
    EnqueueResult result;
    try (InputStream in = file.content()) {
      result = ingest.upload(in, request);
    } catch (BlobTooLargeException e) {
      throw new ApiException(413, "file_too_large", e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job_id", result.job().jobId());
    body.put("document_id", result.document().documentId());
    body.put("file_path", "blobs/" + result.document().blobKey());
    body.put("status", result.job().status().wireName());
    body.put("duplicate", result.duplicate());
    body.put(
        "message",
        result.duplicate()
            ? "Identical content was already ingested with the same settings; use force=true to ingest again"
            : "Document queued for ingestion");
    ctx.status(result.duplicate() ? 200 : 202).json(body);
  }

  void list(Context ctx) {
    Page<Document> page =
        reader.documentList(
            Inputs.intQuery(ctx, "limit", 20, 1, 1000),
            Inputs.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE));
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
        .orElseThrow(() -> ApiException.notFound("document_not_found", "No document with id " + id));
  }

  /** The client's file name is kept as metadata only: no directories, no control characters. */
  static String cleanFilename(String name) {
    if (name == null) {
      return "upload";
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    base = base.replaceAll("\\p{Cntrl}", "").strip();
    if (base.isEmpty() || base.equals(".") || base.equals("..")) {
      return "upload";
    }
    return base.length() > 255 ? base.substring(0, 255) : base;
  }
}
