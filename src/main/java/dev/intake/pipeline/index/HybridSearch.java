package dev.intake.pipeline.index;

import dev.intake.pipeline.index.IndexSchema.ChunkKey;
import dev.intake.pipeline.index.ReciprocalRankFusion.Fused;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/** Runs one hybrid query (BM25 + KNN, fused by RRF) against one point-in-time searcher. */
final class HybridSearch {

  // Each side retrieves more candidates than requested so that a chunk ranked moderately by both
  // sides can still surface after fusion.
  static final int CANDIDATE_FACTOR = 4;
  static final int MIN_CANDIDATES = 50;

  private final IndexSearcher searcher;
  private final Analyzer analyzer;

  HybridSearch(IndexSearcher searcher, Analyzer analyzer) {
    this.searcher = searcher;
    this.analyzer = analyzer;
  }

  static int candidateDepth(int topK) {
    return Math.max(topK * CANDIDATE_FACTOR, MIN_CANDIDATES);
  }

  /**
   * @param vector the query vector, already checked and normalised, or {@code null}
   */
  List<SearchHit> search(SearchQuery query, float[] vector) throws IOException {
    int depth = candidateDepth(query.topK());
    Optional<Query> filter = documentFilter(query.documentIds());
    List<List<ChunkKey>> rankings = new ArrayList<>(2);
    Optional<Query> lexical = LexicalQuery.parse(analyzer, IndexSchema.TEXT, query.text());
    if (lexical.isPresent()) {
      Query bm25 = filter.map(f -> withFilter(lexical.get(), f)).orElse(lexical.get());
      rankings.add(ranked(searcher.search(bm25, depth).scoreDocs));
    }
    if (vector != null) {
      Query knn = new KnnFloatVectorQuery(IndexSchema.VECTOR, vector, depth, filter.orElse(null));
      rankings.add(ranked(searcher.search(knn, depth).scoreDocs));
    }
    List<Fused<ChunkKey>> fused = ReciprocalRankFusion.fuse(rankings, query.topK());
    StoredFields storedFields = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>(fused.size());
    for (Fused<ChunkKey> f : fused) {
      hits.add(IndexSchema.readHit(storedFields, f.item().luceneDoc(), f.score()));
    }
    return hits;
  }

  /**
   * Orders one side's hits by score, breaking ties by chunk identity rather than by Lucene doc id,
   * so that equal-scoring chunks (e.g. duplicated boilerplate) rank the same on every node.
   */
  private List<ChunkKey> ranked(ScoreDoc[] scoreDocs) throws IOException {
    StoredFields storedFields = searcher.storedFields();
    Map<ChunkKey, Float> scores = new HashMap<>();
    for (ScoreDoc sd : scoreDocs) {
      scores.put(IndexSchema.readKey(storedFields, sd.doc), sd.score);
    }
    List<ChunkKey> keys = new ArrayList<>(scores.keySet());
    keys.sort(
        Comparator.comparingDouble((ChunkKey k) -> scores.get(k))
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    return keys;
  }

  private static Optional<Query> documentFilter(Set<String> documentIds) {
    if (documentIds.isEmpty()) {
      return Optional.empty();
    }
    List<BytesRef> terms = documentIds.stream().map(BytesRef::new).toList();
    return Optional.of(new TermInSetQuery(IndexSchema.DOCUMENT_ID, terms));
  }

  private static Query withFilter(Query query, Query filter) {
    return new BooleanQuery.Builder().add(query, Occur.MUST).add(filter, Occur.FILTER).build();
  }
}
