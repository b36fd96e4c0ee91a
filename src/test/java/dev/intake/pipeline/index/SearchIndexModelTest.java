package dev.intake.pipeline.index;

import static dev.intake.pipeline.index.TestCorpus.DIMENSIONS;
import static dev.intake.pipeline.index.TestCorpus.chunk;
import static dev.intake.pipeline.index.TestCorpus.chunks;
import static dev.intake.pipeline.index.TestCorpus.embed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index holds the vectors of one embedding model, records it, and refuses another. */
class SearchIndexModelTest {

  @Test
  void anIndexBuiltForOneModelRefusesToOpenForAnother(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, "model-a", DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "apple pie"));
      index.commit(1);
    }
    assertThatThrownBy(() -> SearchIndex.open(dir, "model-b", DIMENSIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds vectors of the embedding model model-a (384 dimensions)")
        .hasMessageContaining("this node embeds queries with model-b (384 dimensions)")
        .hasMessageContaining("intake reindex");
    try (SearchIndex same = SearchIndex.open(dir, "model-a", DIMENSIONS)) {
      assertThat(same.chunkCount()).isEqualTo(1);
    }
  }

  @Test
  void anIndexWrittenBeforeModelsWereRecordedHoldsTheInProcessModel(@TempDir Path dir) {
    try (SearchIndex old = SearchIndex.open(dir, DIMENSIONS)) { // records no model
      old.replaceDocument("x", chunks("x", "apple pie"));
      old.commit(1);
    }
    try (SearchIndex index = SearchIndex.open(dir, "all-minilm-l6-v2-q", DIMENSIONS)) {
      assertThat(index.chunkCount()).isEqualTo(1);
    }
    assertThatThrownBy(() -> SearchIndex.open(dir, "bge-small-en-v1.5", DIMENSIONS))
        .hasMessageContaining("holds vectors of the embedding model all-minilm-l6-v2-q");
  }

  @Test
  void anEmptyIndexTakesAnyModelAndARebuildDropsTheOldOne(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, "model-a", DIMENSIONS)) {
      index.commit(0);
    }
    try (SearchIndex index = SearchIndex.open(dir, "model-b", DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "apple pie"));
      index.commit(1);
    }
    try (SearchIndex rebuilt = SearchIndex.recreate(dir, "model-c", 3)) {
      assertThat(rebuilt.chunkCount()).isZero();
      rebuilt.replaceDocument("y", List.of(chunk("y", 0, "pear", new float[] {1, 0, 0})));
      rebuilt.commit(5);
    }
    try (SearchIndex index = SearchIndex.open(dir, "model-c", 3)) {
      assertThat(index.chunkCount()).isEqualTo(1);
      assertThat(index.appliedSequence()).isEqualTo(5);
    }
  }

  @Test
  void aDocumentOfAnotherModelIsFoundByItsWordsButNeverByItsVectors(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, "model-a", DIMENSIONS)) {
      assertThat(index.holdsVectorsOf("model-a", DIMENSIONS)).isTrue();
      assertThat(index.holdsVectorsOf("model-b", DIMENSIONS)).isFalse();
      assertThat(index.holdsVectorsOf("model-a", 768)).isFalse();
      index.replaceDocument("ours", chunks("ours", "harbour lease terms"));
      index.replaceDocument("theirs", List.of(chunk("theirs", 0, "harbour lease renewal", null)));
      index.commit(1);

      assertThat(index.search(new SearchQuery("renewal", null, 10, Set.of())))
          .extracting(SearchHit::documentId)
          .containsExactly("theirs");
      assertThat(index.search(new SearchQuery("", embed("harbour lease renewal"), 10, Set.of())))
          .extracting(SearchHit::documentId)
          .containsExactly("ours");
    }
  }
}
