package dev.intake.search;

import dev.intake.pipeline.embed.EmbeddingModel;
import dev.intake.pipeline.index.SearchHit;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.pipeline.index.SearchQuery;
import java.util.List;
import java.util.Set;

/** Hybrid search over ingested chunks: the query is embedded with the ingestion model. */
public final class SearchService {
  private final SearchIndex index;
  private final IndexFeeder feeder;
  private final EmbeddingModel model;

  public SearchService(SearchIndex index, IndexFeeder feeder, EmbeddingModel model) {
    this.index = index;
    this.feeder = feeder;
    this.model = model;
  }

  /**
   * Searches after applying whatever the store committed so far, so a job a client saw complete is
   * always searchable (read-your-writes), not only once the background feeder got to it.
   */
  public List<SearchHit> search(String query, int topK, Set<String> documentIds) {
    feeder.catchUp();
    float[] vector = model.embed(List.of(query)).get(0);
    return index.search(new SearchQuery(query, vector, topK, documentIds));
  }
}
