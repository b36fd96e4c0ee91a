package dev.intake.pipeline.index;

import static dev.intake.pipeline.index.TestCorpus.DIMENSIONS;
import static dev.intake.pipeline.index.TestCorpus.chunk;
import static dev.intake.pipeline.index.TestCorpus.chunks;
import static dev.intake.pipeline.index.TestCorpus.embed;
import static dev.intake.pipeline.index.TestCorpus.negate;
import static dev.intake.pipeline.index.TestCorpus.perturb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranking behaviour of {@link SearchIndex#search}: BM25, vectors, fusion and filters. */
class SearchIndexSearchTest {

  private static final int DOCUMENTS = 50;
  private static final int CHUNKS_PER_DOCUMENT = 3;

  /** Opens an index holding 50 random documents; returns them keyed by id. */
  private static Map<String, List<IndexedChunk>> fill(SearchIndex index) {
    TestCorpus corpus = new TestCorpus(7, 200);
    Map<String, List<IndexedChunk>> documents = new HashMap<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      String id = String.format("doc-%02d", i);
      List<IndexedChunk> chunks = corpus.document(id, CHUNKS_PER_DOCUMENT);
      documents.put(id, chunks);
      index.replaceDocument(id, chunks);
    }
    index.commit(1);
    return documents;
  }

  private static SearchQuery text(String text, int topK) {
    return new SearchQuery(text, null, topK, Set.of());
  }

  private static SearchQuery vector(float[] vector, int topK) {
    return new SearchQuery("", vector, topK, Set.of());
  }

  @Test
  void bm25RanksTheChunkContainingAnExactSentenceFirst(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      Map<String, List<IndexedChunk>> documents = fill(index);
      String sentence = documents.get("doc-23").get(1).text();
      // Same words in reverse order, in a document that sorts first: only the phrase clause, not
      // bag-of-words BM25 or the tie-break, can put doc-23 above it.
      List<String> words = new ArrayList<>(List.of(sentence.split(" ")));
      Collections.reverse(words);
      index.replaceDocument("doc-00a", chunks("doc-00a", String.join(" ", words)));
      index.commit(2);

      List<SearchHit> hits = index.search(text(sentence, 5));

      assertThat(hits).hasSize(5);
      assertThat(hits.get(0).documentId()).isEqualTo("doc-23");
      assertThat(hits.get(0).chunkIndex()).isEqualTo(1);
      assertThat(hits.get(0).text()).isEqualTo(sentence);
      assertThat(hits.get(0).filename()).isEqualTo("doc-23.pdf");
      assertThat(hits.get(0).pageStart()).isEqualTo(2);
      assertThat(hits.get(1).documentId()).isEqualTo("doc-00a");
      assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }
  }

  @Test
  void vectorSearchReturnsTheNearestNeighbour(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      Map<String, List<IndexedChunk>> documents = fill(index);
      float[] query = perturb(documents.get("doc-17").get(2).vector(), 1, 0.3);

      List<SearchHit> hits = index.search(vector(query, 3));

      assertThat(hits).hasSize(3);
      assertThat(hits.get(0).documentId()).isEqualTo("doc-17");
      assertThat(hits.get(0).chunkIndex()).isEqualTo(2);
    }
  }

  @Test
  void hybridRanksAChunkMatchingBothSidesAboveChunksMatchingOne(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      fill(index);
      float[] question = embed("alpha beta gamma delta");
      // Best on BM25 alone (short text full of query words), worst on vectors.
      index.replaceDocument(
          "text-only", List.of(chunk("text-only", 0, "zebra harmonica", negate(question))));
      // Best on vectors alone, no query word.
      index.replaceDocument(
          "vector-only",
          List.of(chunk("vector-only", 0, "nothing relevant here", perturb(question, 2, 0.05))));
      // Second on both sides.
      index.replaceDocument(
          "both",
          List.of(chunk("both", 0, "zebra harmonica with more words", perturb(question, 3, 0.4))));
      index.commit(2);

      List<SearchHit> hits =
          index.search(new SearchQuery("zebra harmonica", question, 3, Set.of()));

      assertThat(hits).extracting(SearchHit::documentId).first().isEqualTo("both");
      assertThat(hits)
          .extracting(SearchHit::documentId)
          .containsExactlyInAnyOrder("both", "text-only", "vector-only");
      // RRF with k=60: rank 2 on both sides.
      assertThat(hits.get(0).score()).isCloseTo(2.0 / 62, within(1e-9));
    }
  }

  @Test
  void documentIdsFilterRestrictsTheBm25Side(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      Map<String, List<IndexedChunk>> documents = fill(index);
      // All of doc-01's chunk, plus one word from each filter document's chunks.
      String query =
          documents.get("doc-01").get(0).text()
              + " "
              + documents.get("doc-05").get(1).text().split(" ")[0]
              + " "
              + documents.get("doc-09").get(2).text().split(" ")[0];

      List<SearchHit> unfiltered = index.search(text(query, 10));
      List<SearchHit> filtered =
          index.search(new SearchQuery(query, null, 10, Set.of("doc-05", "doc-09")));

      assertThat(unfiltered.get(0).documentId()).isEqualTo("doc-01");
      assertThat(filtered)
          .extracting(SearchHit::documentId)
          .contains("doc-05", "doc-09")
          .allMatch(id -> id.equals("doc-05") || id.equals("doc-09"));
    }
  }

  @Test
  void documentIdsFilterRestrictsTheVectorSide(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      Map<String, List<IndexedChunk>> documents = fill(index);
      float[] query = documents.get("doc-01").get(0).vector();

      List<SearchHit> unfiltered = index.search(vector(query, 10));
      List<SearchHit> filtered =
          index.search(new SearchQuery(" ", query, 10, Set.of("doc-05", "doc-09")));

      assertThat(unfiltered.get(0).documentId()).isEqualTo("doc-01");
      // Both filter documents have three chunks, all with some similarity to the query.
      assertThat(filtered)
          .hasSize(2 * CHUNKS_PER_DOCUMENT)
          .extracting(SearchHit::documentId)
          .allMatch(id -> id.equals("doc-05") || id.equals("doc-09"));
    }
  }

  @Test
  void oddQueryStringsAreTakenLiterallyAndNeverThrow(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      index.replaceDocument("odd", chunks("odd", "foo bar (baz) title:qux"));
      index.replaceDocument("other", chunks("other", "completely different content"));
      index.commit(1);
      List<String> queries =
          List.of(
              "\"foo AND (",
              "foo AND (",
              "title:qux",
              "baz)",
              "*",
              "?",
              "\\",
              "\"",
              "-+!~^",
              "AND OR NOT",
              "((((",
              "}{][",
              "/foo/",
              "foo~2 bar^10",
              "a:b:c",
              "\u0000",
              "the of and",
              "💥 foo 💥",
              "foo ".repeat(5000),
              "w".repeat(10_000));
      for (String q : queries) {
        assertThatCode(() -> index.search(text(q, 5))).as(q).doesNotThrowAnyException();
      }
      // Operators are plain words here, so the document with "foo" still matches.
      assertThat(index.search(text("\"foo AND (", 5)))
          .extracting(SearchHit::documentId)
          .containsExactly("odd");
      assertThat(index.search(text("title:qux", 5)))
          .extracting(SearchHit::documentId)
          .containsExactly("odd");
      assertThat(index.search(text("-+!~^", 5))).isEmpty();
    }
  }

  @Test
  void blankTextWithoutVectorReturnsNothing(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      fill(index);
      assertThat(index.search(new SearchQuery("  ", null, 5, Set.of()))).isEmpty();
      assertThat(index.search(new SearchQuery(null, null, 5, null))).isEmpty();
    }
  }

  @Test
  void resultIsLimitedToTopKAndOrderedDeterministically(@TempDir Path dir) {
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      // Identical chunks score identically on both sides; order must follow document id, not
      // the order they were written in.
      for (String id : List.of("d-c", "d-a", "d-e", "d-b", "d-d")) {
        index.replaceDocument(id, chunks(id, "shared boilerplate paragraph"));
      }
      index.commit(1);
      SearchQuery query =
          new SearchQuery("boilerplate", embed("shared boilerplate paragraph"), 3, Set.of());

      List<SearchHit> hits = index.search(query);

      assertThat(hits).extracting(SearchHit::documentId).containsExactly("d-a", "d-b", "d-c");
    }
  }
}
