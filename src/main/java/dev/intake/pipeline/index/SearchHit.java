package dev.intake.pipeline.index;

/**
 * One chunk returned by {@link SearchIndex#search}.
 *
 * @param score the Reciprocal Rank Fusion score: only comparable within one result list, higher is
 *     better
 */
public record SearchHit(
    String documentId,
    String filename,
    int chunkIndex,
    String text,
    double score,
    int pageStart,
    int pageEnd,
    String section) {

  /** A hit under no heading. */
  public SearchHit(
      String documentId,
      String filename,
      int chunkIndex,
      String text,
      double score,
      int pageStart,
      int pageEnd) {
    this(documentId, filename, chunkIndex, text, score, pageStart, pageEnd, null);
  }
}
