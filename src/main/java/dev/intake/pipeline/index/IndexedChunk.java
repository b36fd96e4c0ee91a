package dev.intake.pipeline.index;

import java.util.Objects;

/**
 * One chunk as stored in the search index: its text for BM25, its embedding for vector search, and
 * enough metadata to cite it. The vector's length is checked against the index when the chunk is
 * written, not here, because only the index knows its dimensions.
 *
 * @param documentId the owning document; every chunk of a document is replaced together
 * @param filename name shown to users when citing the chunk; may be empty
 * @param chunkIndex ordinal within the document, 0..n-1, unique per document
 * @param text the chunk text
 * @param pageStart first page (1-based) the text comes from
 * @param pageEnd last page (1-based) the text comes from
 * @param vector the L2-normalised embedding of {@code text}; null for a chunk that keyword search
 *     alone finds (its vector comes from another model than the index's)
 */
public record IndexedChunk(
    String documentId,
    String filename,
    int chunkIndex,
    String text,
    int pageStart,
    int pageEnd,
    float[] vector,
    String section) {

  /** A chunk under no heading. */
  public IndexedChunk(
      String documentId,
      String filename,
      int chunkIndex,
      String text,
      int pageStart,
      int pageEnd,
      float[] vector) {
    this(documentId, filename, chunkIndex, text, pageStart, pageEnd, vector, null);
  }

  public IndexedChunk {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(text, "text");
    filename = filename == null ? "" : filename;
    if (chunkIndex < 0) {
      throw new IllegalArgumentException("chunkIndex must not be negative, got " + chunkIndex);
    }
  }
}
