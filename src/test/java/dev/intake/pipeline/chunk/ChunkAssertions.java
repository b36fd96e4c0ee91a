package dev.intake.pipeline.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Invariants every chunking must satisfy, checked against the joined document text. */
final class ChunkAssertions {

  private ChunkAssertions() {}

  static String join(List<String> pages) {
    return String.join("\n\n", pages);
  }

  /** 1-based page of the character at {@code offset} in the joined text. */
  static int pageAt(List<String> pages, int offset) {
    int start = 0;
    for (int i = 0; i < pages.size(); i++) {
      int end = start + pages.get(i).length();
      if (offset < end) {
        return i + 1;
      }
      start = end + 2;
    }
    throw new AssertionError("offset " + offset + " is beyond the document");
  }

  static void assertValid(
      List<Chunk> chunks, List<String> pages, ChunkingSettings settings, Tokenizer tokenizer) {
    String document = join(pages);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      String where = "chunk " + i + " " + chunk;
      assertThat(chunk.index()).as(where).isEqualTo(i);
      assertThat(chunk.text())
          .as(where)
          .isEqualTo(document.substring(chunk.charStart(), chunk.charEnd()))
          .isNotBlank()
          .isEqualTo(chunk.text().strip());
      int tokens = tokenizer.countTokens(chunk.text());
      assertThat(chunk.tokenCount()).as(where).isEqualTo(tokens);
      assertThat(tokens).as(where).isLessThanOrEqualTo(settings.chunkSize());
      assertThat(chunk.pageStart()).as(where).isEqualTo(pageAt(pages, chunk.charStart()));
      assertThat(chunk.pageEnd()).as(where).isEqualTo(pageAt(pages, chunk.charEnd() - 1));
      if (i > 0) {
        Chunk previous = chunks.get(i - 1);
        assertThat(chunk.charStart()).as(where).isGreaterThan(previous.charStart());
        assertThat(chunk.charEnd()).as(where).isGreaterThan(previous.charEnd());
        if (chunk.charStart() < previous.charEnd()) {
          String repeated = document.substring(chunk.charStart(), previous.charEnd());
          assertThat(tokenizer.countTokens(repeated))
              .as(where + " repeats " + repeated)
              .isLessThanOrEqualTo(settings.chunkOverlap());
          char before = document.charAt(chunk.charStart() - 1);
          char first = document.charAt(chunk.charStart());
          assertThat(Character.isLetterOrDigit(before) && Character.isLetterOrDigit(first))
              .as(where + " overlap starts inside a word")
              .isFalse();
        }
      }
    }
    assertCoversAllText(chunks, document);
  }

  /** Every non-white-space character of the document lies in some chunk. */
  static void assertCoversAllText(List<Chunk> chunks, String document) {
    boolean[] covered = new boolean[document.length()];
    for (Chunk chunk : chunks) {
      for (int i = chunk.charStart(); i < chunk.charEnd(); i++) {
        covered[i] = true;
      }
    }
    for (int i = 0; i < document.length(); i++) {
      if (!Character.isWhitespace(document.charAt(i))) {
        assertThat(covered[i])
            .as("character %d '%s' is in a chunk", i, document.charAt(i))
            .isTrue();
      }
    }
  }
}
