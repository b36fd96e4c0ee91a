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

/** Writes, commits, persistence and validation of {@link SearchIndex}. */
class SearchIndexLifecycleTest {

  private static List<String> documentIdsFor(SearchIndex index, String text) {
    return index.search(new SearchQuery(text, null, 10, Set.of())).stream()
        .map(SearchHit::documentId)
        .toList();
  }

  @Test
  void replaceDocumentReplacesAllChunks(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "old apple one", "old apple two", "old apple three"));
      index.replaceDocument("y", chunks("y", "unrelated banana"));
      index.commit(1);
      assertThat(index.documentChunkCount("x")).isEqualTo(3);

      index.replaceDocument("x", chunks("x", "new cherry one", "new cherry two"));
      index.commit(2);

      assertThat(index.documentChunkCount("x")).isEqualTo(2);
      assertThat(index.chunkCount()).isEqualTo(3);
      assertThat(documentIdsFor(index, "apple")).isEmpty();
      assertThat(documentIdsFor(index, "cherry")).containsExactly("x", "x");
      assertThat(index.search(new SearchQuery("", embed("new cherry one"), 10, Set.of())))
          .extracting(h -> h.documentId() + "#" + h.chunkIndex())
          .containsExactlyInAnyOrder("x#0", "x#1", "y#0");
    }
  }

  @Test
  void replaceWithNoChunksDeletesTheDocument(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "apple"));
      index.commit(1);
      index.replaceDocument("x", List.of());
      index.commit(2);
      assertThat(index.documentChunkCount("x")).isZero();
    }
  }

  @Test
  void deleteDocumentRemovesOnlyThatDocument(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "apple pie", "apple tart"));
      index.replaceDocument("y", chunks("y", "apple juice"));
      index.commit(1);

      index.deleteDocument("x");
      index.deleteDocument("never-indexed");
      index.commit(2);

      assertThat(index.documentChunkCount("x")).isZero();
      assertThat(index.chunkCount()).isEqualTo(1);
      assertThat(documentIdsFor(index, "apple")).containsExactly("y");
      assertThat(index.search(new SearchQuery("", embed("apple pie"), 10, Set.of())))
          .extracting(SearchHit::documentId)
          .containsExactly("y");
    }
  }

  @Test
  void appliedSequenceAndCommittedChunksSurviveReopen(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      assertThat(index.appliedSequence()).isZero();
      index.replaceDocument("x", chunks("x", "apple"));
      index.commit(41);
      // A commit without document changes must still record the new sequence.
      index.commit(42);
      assertThat(index.appliedSequence()).isEqualTo(42);
      // Not committed: must be gone after reopening, since sequence 42 does not cover it.
      index.replaceDocument("y", chunks("y", "banana"));
    }
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      assertThat(index.appliedSequence()).isEqualTo(42);
      assertThat(index.chunkCount()).isEqualTo(1);
      assertThat(documentIdsFor(index, "apple")).containsExactly("x");
      assertThat(documentIdsFor(index, "banana")).isEmpty();
    }
  }

  @Test
  void commitRejectsASequenceGoingBackwards(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.commit(10);
      assertThatThrownBy(() -> index.commit(9))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("10")
          .hasMessageContaining("9");
      assertThatThrownBy(() -> index.commit(-1)).isInstanceOf(IllegalArgumentException.class);
      index.commit(10);
      assertThat(index.appliedSequence()).isEqualTo(10);
    }
  }

  @Test
  void clearEmptiesTheIndexDurablyAndKeepsItUsable(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.replaceDocument("x", chunks("x", "apple", "apple again"));
      index.replaceDocument("y", chunks("y", "banana"));
      index.commit(7);

      index.clear();

      assertThat(index.chunkCount()).isZero();
      assertThat(index.appliedSequence()).isZero();
      assertThat(documentIdsFor(index, "apple")).isEmpty();
      assertThat(index.search(new SearchQuery("", embed("apple"), 5, Set.of()))).isEmpty();
      assertThat(index.isHealthy()).isTrue();

      index.replaceDocument("z", chunks("z", "cherry"));
      index.commit(3);
      assertThat(documentIdsFor(index, "cherry")).containsExactly("z");
    }
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      assertThat(index.appliedSequence()).isEqualTo(3);
      assertThat(index.chunkCount()).isEqualTo(1);
    }
  }

  @Test
  void wrongVectorDimensionsAreRejectedWithAReadableMessage(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      List<IndexedChunk> shortVector = List.of(chunk("x", 0, "apple", new float[] {1, 0, 0}));
      assertThatThrownBy(() -> index.replaceDocument("x", shortVector))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("chunk 0 of document x")
          .hasMessageContaining("3-dimensional")
          .hasMessageContaining("384");
      assertThatThrownBy(() -> index.search(new SearchQuery("", new float[768], 5, Set.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("768-dimensional");
      assertThatThrownBy(
              () ->
                  index.replaceDocument(
                      "x", List.of(chunk("x", 0, "apple", new float[DIMENSIONS]))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("all-zero");
      index.replaceDocument("x", chunks("x", "apple"));
      index.commit(1);
    }
    // The index remembers its dimensions: opening it with another size must fail loudly.
    assertThatThrownBy(() -> SearchIndex.open(dir, 768))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("384-dimensional")
        .hasMessageContaining("768");
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      assertThat(index.chunkCount()).isEqualTo(1);
    }
  }

  @Test
  void chunksMustBelongToTheReplacedDocumentAndBeUnique(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      assertThatThrownBy(() -> index.replaceDocument("x", chunks("y", "apple")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("document y");
      IndexedChunk first = chunk("x", 0, "apple", embed("apple"));
      assertThatThrownBy(() -> index.replaceDocument("x", List.of(first, first)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than once");
      index.commit(1);
      assertThat(index.chunkCount()).isZero();
    }
  }

  @Test
  void healthFollowsTheLifecycle(@TempDir Path dir) {
    SearchIndex index = SearchIndex.open(dir, DIMENSIONS);
    assertThat(index.isHealthy()).isTrue();
    index.close();
    index.close();
    assertThat(index.isHealthy()).isFalse();
    assertThatThrownBy(() -> index.search(new SearchQuery("apple", null, 1, Set.of())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void searchQueryValidatesTopK() {
    assertThatThrownBy(() -> new SearchQuery("a", null, 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topK");
  }
}
