package dev.intake.pipeline.index;

import java.util.Set;

/**
 * A hybrid search request. Either side may be absent: a {@code null} vector means BM25 only, a
 * blank text means vector search only; with neither the result is empty.
 *
 * @param text the user's words, taken literally (query syntax is not interpreted)
 * @param vector the L2-normalised embedding of the question, or {@code null}
 * @param topK how many hits to return, 1..{@value #MAX_TOP_K}
 * @param documentIds restricts the search to these documents; empty means all documents
 */
public record SearchQuery(String text, float[] vector, int topK, Set<String> documentIds) {

  /** Upper bound on {@code topK}; keeps the per-query candidate lists bounded. */
  public static final int MAX_TOP_K = 1000;

  public SearchQuery {
    text = text == null ? "" : text;
    documentIds = documentIds == null ? Set.of() : Set.copyOf(documentIds);
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException(
          "topK must be between 1 and " + MAX_TOP_K + ", got " + topK);
    }
  }
}
