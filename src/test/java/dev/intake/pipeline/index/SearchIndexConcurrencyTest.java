package dev.intake.pipeline.index;

import static dev.intake.pipeline.index.TestCorpus.DIMENSIONS;
import static dev.intake.pipeline.index.TestCorpus.embed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexConcurrencyTest {

  private static final int WRITES = 300;
  private static final int SEARCHERS = 3;
  private static final int DOCUMENTS = 10;

  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicInteger nonEmptyResults = new AtomicInteger();

  @Test
  @Timeout(60)
  void searchesSucceedWhileOneThreadWritesAndCommits(@TempDir Path dir) throws Exception {
    TestCorpus corpus = new TestCorpus(11, 100);
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < SEARCHERS; t++) {
        String text = corpus.sentence();
        readers.add(Thread.ofPlatform().name("searcher-" + t).start(() -> search(index, text)));
      }

      // Each document is rewritten many times with 1..3 chunks, and deleted now and then.
      for (int i = 1; i <= WRITES; i++) {
        String id = "doc-" + (i % DOCUMENTS);
        if (i % 17 == 0) {
          index.deleteDocument(id);
        } else {
          index.replaceDocument(id, corpus.document(id, expectedChunks(i)));
        }
        if (i % 10 == 0) {
          index.commit(i);
        }
      }
      writing.set(false);
      for (Thread reader : readers) {
        assertThat(reader.join(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(failures).isEmpty();
      assertThat(nonEmptyResults.get()).isPositive();
      assertThat(index.appliedSequence()).isEqualTo(WRITES);
      long total = 0;
      for (int d = 0; d < DOCUMENTS; d++) {
        int lastWrite = WRITES - Math.floorMod(WRITES - d, DOCUMENTS);
        assertThat(index.documentChunkCount("doc-" + d)).isEqualTo(expectedChunks(lastWrite));
        total += expectedChunks(lastWrite);
      }
      assertThat(index.chunkCount()).isEqualTo(total);
      assertThat(index.isHealthy()).isTrue();
    }
  }

  private static int expectedChunks(int write) {
    return write % 17 == 0 ? 0 : 1 + write % 3;
  }

  private void search(SearchIndex index, String text) {
    float[] vector = embed(text);
    while (writing.get()) {
      try {
        // topK exceeds the number of chunks, so the vector side returns every chunk.
        List<SearchHit> hits = index.search(new SearchQuery(text, vector, 50, Set.of()));
        // Replacement is atomic: one point-in-time view never shows an old and a new version
        // of the same chunk side by side.
        assertThat(hits)
            .extracting(h -> h.documentId() + "#" + h.chunkIndex())
            .doesNotHaveDuplicates();
        if (!hits.isEmpty()) {
          nonEmptyResults.incrementAndGet();
        }
      } catch (Throwable e) {
        failures.add(e);
        return;
      }
    }
  }
}
