package dev.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.blob.BlobTooLargeException;
import dev.intake.ingest.AllowedDirectories;
import dev.intake.ingest.DirectoryIngestService;
import dev.intake.ingest.IngestService;
import dev.intake.ingest.UploadRequest;
import dev.intake.job.Document;
import dev.intake.job.Priority;
import dev.intake.store.EnqueueResult;
import dev.intake.store.JobReader;
import dev.intake.store.Page;
import dev.intake.store.ReprocessOutcome;
import dev.intake.store.StoredChunk;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code /documents} endpoints. */
public final class DocumentEndpoints {
  private final IngestService ingest;
  private final DirectoryIngestService directories;
  private final JobReader reader;
  private final JobViewer viewer;

  public DocumentEndpoints(
      IngestService ingest, DirectoryIngestService directories, JobReader reader) {
    this.ingest = ingest;
    this.directories = directories;
    this.reader = reader;
    this.viewer = new JobViewer(reader);
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
    JsonNode body = ctx.body().isBlank() ? null : readJson(ctx);
    Integer size =
        body == null || !body.hasNonNull("chunk_size") ? null : body.get("chunk_size").asInt();
    Integer overlap =
        body == null || !body.hasNonNull("chunk_overlap")
            ? null
            : body.get("chunk_overlap").asInt();
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
    JsonNode body = readJson(ctx);
    List<String> patterns = new ArrayList<>();
    body.path("file_patterns").forEach(p -> patterns.add(p.asText()));
    boolean recursive = body.path("recursive").asBoolean(true);
    DirectoryIngestService.Batch batch;
    try {
      batch =
          directories.ingest(
              body.path("directory_path").asText(null),
              patterns,
              recursive,
              ingest.settingsFor(
                  body.hasNonNull("chunk_size") ? body.get("chunk_size").asInt() : null,
                  body.hasNonNull("chunk_overlap") ? body.get("chunk_overlap").asInt() : null));
    } catch (AllowedDirectories.ForbiddenException e) {
      throw new ApiException(403, "forbidden", e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job_id", batch.job().jobId());
    out.put("directory_path", body.path("directory_path").asText());
    out.put("total_files_found", batch.files());
    out.put("status", batch.job().status().wireName());
    out.put("message", "Queued " + batch.files() + " files for ingestion");
    ctx.status(202).json(out);
  }

  private static JsonNode readJson(Context ctx) {
    try {
      JsonNode node = ctx.bodyAsClass(JsonNode.class);
      if (node == null || !node.isObject()) {
        throw ApiException.badRequest("the body must be a JSON object");
      }
      return node;
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
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
        .orElseThrow(
            () -> ApiException.notFound("document_not_found", "No document with id " + id));
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
