package dev.intake.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.blob.BlobAccessException;
import dev.intake.blob.BlobMissingException;
import dev.intake.blob.BlobStore;
import dev.intake.blob.BlobUnavailableException;
import dev.intake.blob.LocalBlob;
import dev.intake.engine.JobContext;
import dev.intake.engine.JobHandler;
import dev.intake.engine.JobStoppedException;
import dev.intake.engine.ServiceWait;
import dev.intake.engine.StopReason;
import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.Stage;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.embed.OpenAiCompatibleEmbeddingModel;
import dev.intake.pipeline.parse.ParseSummary;
import dev.intake.sandbox.ChunkListener;
import dev.intake.sandbox.ParseRequest;
import dev.intake.sandbox.ParserPool;
import dev.intake.store.Completion;
import dev.intake.store.JobReader;
import dev.intake.store.JobStore;
import dev.intake.store.StoredChunk;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one stored document: parse → chunk → embed → store, for single uploads and reprocessing
 * alike. Parsing and chunking run in the parser sandbox ({@link ParserPool}), which streams the
 * chunks back; this process only embeds and stores them. Chunks are committed in groups together
 * with the job's checkpoint; an attempt that follows a crash parses and chunks again (both
 * deterministic) and embeds only the chunks after the checkpoint — if the earlier attempt embedded
 * with the same model: the job records its model before its first chunk, and chunks of another
 * model are discarded. An embedding endpoint that cannot be used is waited for ({@link
 * ServiceWait}), without spending the attempt. Progress: parsing 0–30 %, chunking 30–35 %,
 * embedding 35–95 %, indexing 95–100 %.
 */
public final class DocumentIngestHandler implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(DocumentIngestHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JobStore store;
  private final JobReader reader;
  private final BlobStore blobs;
  private final ParserPool parsers;
  private final EmbeddingModel model;
  private final SourceImporter importer;
  private final IntConsumer chunksEmbedded;
  private final int groupSize;

  public DocumentIngestHandler(
      JobStore store,
      JobReader reader,
      BlobStore blobs,
      ParserPool parsers,
      EmbeddingModel model,
      AllowedDirectories allowed,
      long maxFileBytes,
      IntConsumer chunksEmbedded,
      int groupSize) {
    this.store = store;
    this.reader = reader;
    this.blobs = blobs;
    this.parsers = parsers;
    this.model = model;
    this.importer = new SourceImporter(store, blobs, allowed, maxFileBytes);
    this.chunksEmbedded = chunksEmbedded;
    this.groupSize = groupSize;
  }

  @Override
  public Completion run(JobContext ctx) throws IOException {
    try {
      return ingest(ctx);
    } catch (BlobAccessException e) {
      // The store refuses this worker (no bucket, denied, no credentials): no retry helps until
      // the setup is fixed, and the message says what to fix; failed jobs can be retried then.
      throw IngestException.permanent("blob_store_refused", e.getMessage(), e);
    }
  }

  private Completion ingest(JobContext ctx) throws IOException {
    Job job = ctx.job();
    Instant started = ctx.clock().instant();
    String documentId = job.documentId();
    if (documentId == null) { // a file of a directory batch, not imported yet
      SourceImporter.Imported imported = importer.importFile(ctx);
      if (imported.skipped() != null) {
        return imported.skipped();
      }
      documentId = imported.documentId();
    }
    Document doc =
        reader
            .documentGet(documentId)
            .orElseThrow(
                () -> IngestException.permanent("document_missing", "The document was deleted"));
    ChunkingSettings settings =
        new ChunkingSettings(job.params().chunkSize(), job.params().chunkOverlap());

    List<Chunk> chunks = new ArrayList<>();
    ParseSummary parsed;
    // The parser child reads a local file: the stored one, or a copy downloaded from the object
    // store that is deleted as soon as parsing ends.
    try (LocalBlob file = fetch(ctx, doc)) {
      ctx.progress(Stage.PARSING, 0, "Parsing " + doc.filename());
      parsed =
          parsers.parse(
              new ParseRequest(file.path(), doc.filename(), settings),
              new ChunkListener() {
                @Override
                public void page(int page, int total) {
                  ctx.progress(
                      Stage.PARSING, 30.0 * page / total, "Parsing page " + page + " of " + total);
                }

                @Override
                public void chunk(Chunk chunk) {
                  chunks.add(chunk);
                }

                @Override
                public void ocrPage(int page, int total) {
                  // Half-way into the page: the page before it ended at (page - 1) / total.
                  ctx.progress(
                      Stage.PARSING,
                      30.0 * (page - 0.5) / total,
                      "OCR page " + page + " of " + total);
                }
              },
              ctx::ensureActive);
    }
    ctx.progress(Stage.CHUNKING, 30, "Chunking " + parsed.pages() + " pages");
    // The parser succeeds without text only when OCR read every page and found no words (a
    // photograph): the document is ingested without chunks.
    if (chunks.isEmpty() && parsed.characters() > 0) {
      throw IngestException.permanent("no_text", "No extractable text in the document");
    }
    int total = chunks.size();
    ctx.progress(Stage.CHUNKING, 35, "Split into " + total + " chunks");

    if (!ctx.persist(
        "the embedding model",
        () ->
            store.jobEmbeddingModelIfOwned(
                ctx.fence(), model.name(), model.dimensions(), ctx.clock().instant()))) {
      throw new JobStoppedException(StopReason.LEASE_LOST);
    }
    int resumeFrom = Math.min(store.chunkCountForJob(job.jobId()), total);
    if (resumeFrom > 0) {
      log.info("resuming after chunk {} of {} committed by an earlier attempt", resumeFrom, total);
      ctx.progress(
          Stage.EMBEDDING,
          35 + 60.0 * resumeFrom / total,
          "Resuming after chunk " + resumeFrom + " of " + total);
    }
    for (int from = resumeFrom; from < total; from += groupSize) {
      ctx.ensureActive();
      int to = Math.min(from + groupSize, total);
      List<Chunk> group = chunks.subList(from, to);
      List<String> texts = group.stream().map(Chunk::text).toList();
      List<float[]> vectors =
          ServiceWait.untilAvailable(
              ctx,
              Stage.EMBEDDING,
              () -> model.embed(texts),
              OpenAiCompatibleEmbeddingModel::isUnavailable);
      List<StoredChunk> rows = stored(group, vectors);
      if (!ctx.persist(
          "chunks " + from + "-" + to,
          () ->
              store.chunksAppendIfOwned(
                  ctx.fence(), doc.documentId(), rows, to, ctx.clock().instant()))) {
        throw new JobStoppedException(StopReason.LEASE_LOST);
      }
      chunksEmbedded.accept(group.size());
      ctx.progress(
          Stage.EMBEDDING, 35 + 60.0 * to / total, "Embedding chunk " + to + " of " + total);
    }

    ctx.progress(Stage.INDEXING, 95, "Indexing " + total + " chunks");
    double seconds = Duration.between(started, ctx.clock().instant()).toMillis() / 1000.0;
    ObjectNode result = JSON.createObjectNode();
    result.put("document_id", doc.documentId());
    result.put("chunk_count", total);
    result.put("pages", parsed.pages());
    result.put("characters", parsed.characters());
    result.put("duration_seconds", seconds);
    result.put("resumed_from_chunk", resumeFrom);
    return new Completion(
        doc.documentId(),
        parsed.contentType(),
        parsed.pages(),
        total,
        parsed.characters(),
        result.toString(),
        total == 0
            ? "OCR found no text on the " + parsed.pages() + " page(s): nothing to search"
            : "Ingested " + parsed.pages() + " pages into " + total + " chunks",
        parsed.info());
  }

  /**
   * The document's file on this machine. A blob store that cannot be reached is an outage when a
   * check of the store fails too (the job goes back to the queue, its attempt not counted); when
   * the store answers the check, the failure was this transfer's, and the attempt counts like any
   * transient error, so a job that keeps failing ends instead of looping.
   */
  private LocalBlob fetch(JobContext ctx, Document doc) throws IOException {
    if (!blobs.kind().equals("local")) {
      ctx.progress(Stage.PARSING, 0, "Downloading " + doc.filename());
    }
    try {
      return blobs.fetch(doc.blobKey());
    } catch (BlobMissingException e) {
      throw IngestException.permanent(
          "file_missing",
          "The stored file of " + doc.filename() + " is missing from the blob store",
          e);
    } catch (BlobUnavailableException e) {
      try {
        blobs.check();
      } catch (BlobUnavailableException stillDown) {
        throw e;
      } catch (IOException other) {
        // answered, but refuses: reported below like any refusal
      }
      throw IngestException.transientFailure(
          "blob_transfer_failed", "Reading the stored file failed: " + e.reason(), e);
    }
  }

  private static List<StoredChunk> stored(List<Chunk> group, List<float[]> vectors) {
    List<StoredChunk> out = new ArrayList<>(group.size());
    for (int i = 0; i < group.size(); i++) {
      Chunk c = group.get(i);
      out.add(
          new StoredChunk(
              c.index(),
              c.text(),
              c.pageStart(),
              c.pageEnd(),
              c.charStart(),
              c.charEnd(),
              c.tokenCount(),
              vectors.get(i),
              c.section()));
    }
    return out;
  }
}
