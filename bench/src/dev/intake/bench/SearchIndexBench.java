package dev.intake.bench;

import dev.intake.pipeline.index.IndexedChunk;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.pipeline.index.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The search index alone, no model: indexes random unit vectors with short texts, then times hybrid
 * queries. For comparing JVM settings (e.g. the JIT's) on the index's Java code. Run: {@code ./mvnw
 * -q -Pbench -DskipTests test-compile exec:java
 * -Dexec.mainClass=dev.intake.bench.SearchIndexBench}.
 */
public final class SearchIndexBench {
  private static final int DIMENSIONS = 384;
  private static final int DOCS = 500;
  private static final int CHUNKS_PER_DOC = 100;
  private static final String[] WORDS = {
    "revenue",
    "risk",
    "outlook",
    "quarter",
    "north",
    "south",
    "market",
    "report",
    "growth",
    "margin",
    "supply",
    "chain",
    "customer",
    "product",
    "region",
    "forecast"
  };

  private SearchIndexBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("intake-index-bench");
    Random random = new Random(7);
    try (SearchIndex index = SearchIndex.open(dir, DIMENSIONS)) {
      long t0 = System.nanoTime();
      for (int d = 0; d < DOCS; d++) {
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int c = 0; c < CHUNKS_PER_DOC; c++) {
          chunks.add(
              new IndexedChunk(
                  "doc-" + d, "doc-" + d + ".txt", c, text(random), 1, 1, vector(random)));
        }
        index.replaceDocument("doc-" + d, chunks);
      }
      index.commit(1);
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      List<Double> ms = new ArrayList<>();
      for (int q = 0; q < 600; q++) {
        long s = System.nanoTime();
        index.search(new SearchQuery(text(random), vector(random), 10, null));
        if (q >= 100) {
          ms.add((System.nanoTime() - s) / 1e6);
        }
      }
      System.out.printf(
          "INDEX %d chunks in %.1f s (%.0f chunks/s); search p50 %.2f ms p90 %.2f ms p99 %.2f ms%n",
          DOCS * CHUNKS_PER_DOC,
          indexSeconds,
          DOCS * CHUNKS_PER_DOC / indexSeconds,
          BenchReport.percentile(ms, 50),
          BenchReport.percentile(ms, 90),
          BenchReport.percentile(ms, 99));
    }
  }

  private static String text(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      b.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return b.toString();
  }

  private static float[] vector(Random random) {
    float[] v = new float[DIMENSIONS];
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] = (float) random.nextGaussian();
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < DIMENSIONS; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
