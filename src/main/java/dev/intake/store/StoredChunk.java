package dev.intake.store;

/**
 * A chunk with its vector, as written by a worker and read by the indexer; {@code section} is the
 * heading path it falls under, or null.
 */
public record StoredChunk(
    int chunkIndex,
    String text,
    int pageStart,
    int pageEnd,
    int charStart,
    int charEnd,
    int tokenCount,
    float[] embedding,
    String section) {

  /** A chunk under no heading. */
  public StoredChunk(
      int chunkIndex,
      String text,
      int pageStart,
      int pageEnd,
      int charStart,
      int charEnd,
      int tokenCount,
      float[] embedding) {
    this(chunkIndex, text, pageStart, pageEnd, charStart, charEnd, tokenCount, embedding, null);
  }
}
