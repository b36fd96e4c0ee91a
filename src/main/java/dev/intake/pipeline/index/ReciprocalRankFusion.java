package dev.intake.pipeline.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal Rank Fusion (Cormack et al., 2009): each item scores the sum of {@code 1 / (k + rank)}
 * over the rankings it appears in. Only ranks are used, so BM25 and vector scores, which live on
 * unrelated scales, need no calibration.
 */
final class ReciprocalRankFusion {

  /** The constant from the original paper; dampens the advantage of the very first ranks. */
  static final int K = 60;

  private ReciprocalRankFusion() {}

  /** An item and its fused score. */
  record Fused<T>(T item, double score) {}

  /**
   * Fuses rankings given best-first and returns at most {@code limit} items, best first; equal
   * scores are ordered by the items' natural order so the result is deterministic.
   */
  static <T extends Comparable<? super T>> List<Fused<T>> fuse(List<List<T>> rankings, int limit) {
    Map<T, Double> scores = new HashMap<>();
    for (List<T> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        // Ranks are 1-based in the formula.
        scores.merge(ranking.get(i), 1.0 / (K + i + 1), Double::sum);
      }
    }
    List<Fused<T>> fused = new ArrayList<>(scores.size());
    scores.forEach((item, score) -> fused.add(new Fused<>(item, score)));
    fused.sort(
        Comparator.comparingDouble((Fused<T> f) -> f.score())
            .reversed()
            .thenComparing(Fused::item));
    return fused.size() <= limit ? fused : List.copyOf(fused.subList(0, limit));
  }
}
