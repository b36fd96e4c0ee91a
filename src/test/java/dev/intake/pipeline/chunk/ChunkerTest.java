package dev.intake.pipeline.chunk;

import static dev.intake.pipeline.chunk.ChunkAssertions.assertValid;
import static dev.intake.pipeline.chunk.ChunkAssertions.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkerTest {

  private final WordTokenizer tokenizer = new WordTokenizer();
  private final Chunker chunker = new Chunker(tokenizer);

  /** A sentence of {@code words} short words, numbered so that every sentence is unique. */
  private static String sentence(int id, int words) {
    StringBuilder text = new StringBuilder("S" + id);
    for (int w = 1; w < words; w++) {
      text.append(" w").append(id).append('x').append(w);
    }
    return text.append('.').toString();
  }

  private static String sentences(int firstId, int count, int words) {
    return String.join(
        " ", IntStream.range(firstId, firstId + count).mapToObj(i -> sentence(i, words)).toList());
  }

  @Test
  void emptyAndWhitespaceOnlyPagesProduceNothing() {
    assertThat(chunker.chunk(List.of("", "  \n\t ", "\n\n"), ChunkingSettings.DEFAULT)).isEmpty();
  }

  @Test
  void whitespacePagesStillTakeUpRoomInTheDocumentText() {
    List<String> pages = List.of("   ", "Hello world.", " \n");

    List<Chunk> chunks = chunker.chunk(pages, ChunkingSettings.DEFAULT);

    assertThat(chunks).containsExactly(new Chunk(0, "Hello world.", 2, 2, 5, 17, 2));
  }

  @Test
  void shortDocumentIsOneChunkSpanningItsPages() {
    List<String> pages = List.of("One two three.", "Four five.\n\nSix.");

    List<Chunk> chunks = chunker.chunk(pages, ChunkingSettings.DEFAULT);

    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).text()).isEqualTo(join(pages));
    assertThat(chunks.get(0).pageStart()).isEqualTo(1);
    assertThat(chunks.get(0).pageEnd()).isEqualTo(2);
    assertThat(chunks.get(0).tokenCount()).isEqualTo(6);
  }

  @Test
  void prefersToEndAtAParagraphBreak() {
    // 10 + 12 tokens: a chunk of 16 could take the first paragraph and one more sentence.
    String first = sentences(0, 2, 5);
    String second = sentences(2, 3, 4);
    List<String> pages = List.of(first + "\n\n" + second);
    ChunkingSettings settings = new ChunkingSettings(16, 0);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertThat(chunks).extracting(Chunk::text).containsExactly(first, second);
    assertValid(chunks, pages, settings, tokenizer);
  }

  @Test
  void endsAtASentenceBreakWhenNoParagraphBreakIsFarEnough() {
    // The paragraph break comes after 3 tokens, too early; sentence breaks come every 6.
    String text = sentence(0, 3) + "\n\n" + sentences(1, 4, 6);
    List<String> pages = List.of(text);
    ChunkingSettings settings = new ChunkingSettings(16, 0);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(
            sentence(0, 3) + "\n\n" + sentence(1, 6) + " " + sentence(2, 6),
            sentence(3, 6) + " " + sentence(4, 6));
  }

  @Test
  void splitsAnOverlongSentenceAtWordBreaks() {
    List<String> pages = List.of(sentence(0, 40));
    ChunkingSettings settings = new ChunkingSettings(16, 0);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertThat(chunks).extracting(Chunk::tokenCount).containsExactly(16, 16, 8);
    for (Chunk chunk : chunks) {
      assertThat(chunk.text().split(" ")).allMatch(word -> word.matches("S0|w0x\\d+\\.?"));
    }
    assertValid(chunks, pages, settings, tokenizer);
  }

  @Test
  void hardSplitsOnlyAWordLongerThanAChunk() {
    String word = "abcdefgh".repeat(40); // 40 tokens
    List<String> pages = List.of("Short words first, then " + word + " and a tail.");
    ChunkingSettings settings = new ChunkingSettings(16, 0);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertValid(chunks, pages, settings, tokenizer);
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(
            "Short words first, then",
            "abcdefgh".repeat(16),
            "abcdefgh".repeat(16),
            "abcdefgh".repeat(8) + " and a tail.");
  }

  @Test
  void overlapRepeatsTrailingWholeSentences() {
    List<String> pages = List.of(sentences(0, 6, 5));
    ChunkingSettings settings = new ChunkingSettings(16, 6);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(
            sentences(0, 3, 5), // 15 tokens
            sentences(2, 3, 5), // starts with the 5-token last sentence of the first chunk
            sentences(4, 2, 5));
    assertValid(chunks, pages, settings, tokenizer);
  }

  @Test
  void overlapFallsBackToTrailingWordsWhenNoSentenceFits() {
    List<String> pages = List.of(sentences(0, 3, 10));
    ChunkingSettings settings = new ChunkingSettings(20, 4);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).text()).isEqualTo(sentences(0, 2, 10));
    assertThat(chunks.get(1).text()).isEqualTo("w1x6 w1x7 w1x8 w1x9. " + sentence(2, 10));
    assertValid(chunks, pages, settings, tokenizer);
  }

  @Test
  void overlapNeverRepeatsAWholeChunkNorStartsInsideASplitWord() {
    Unit sentence = new Unit(0, 10, 1, 3, Boundary.PARAGRAPH);
    Unit firstPiece = new Unit(11, 40, 1, 5, Boundary.WORD);
    Unit lastPiece = new Unit(40, 50, 1, 2, Boundary.NONE);
    List<Unit> units = List.of(sentence, firstPiece, lastPiece);

    assertThat(Chunker.trailingUnits(units, 100)).isEqualTo(1); // not the first unit
    assertThat(Chunker.trailingUnits(units, 7)).isEqualTo(1); // the whole split word
    assertThat(Chunker.trailingUnits(units, 3)).isEqualTo(3); // not just its last piece
    assertThat(Chunker.trailingUnits(units, 1)).isEqualTo(3);
  }

  @Test
  void withoutOverlapChunksDoNotShareText() {
    List<String> pages = List.of(sentences(0, 20, 7));
    ChunkingSettings settings = new ChunkingSettings(16, 0);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).charStart()).isGreaterThanOrEqualTo(chunks.get(i - 1).charEnd());
    }
  }

  @Test
  void chunksSpanningPagesReportTheirPageRange() {
    List<String> pages = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      pages.add(sentences(p * 2, 2, 3)); // 6 tokens a page
    }
    ChunkingSettings settings = new ChunkingSettings(16, 3);

    List<Chunk> chunks = chunker.chunk(pages, settings);

    assertValid(chunks, pages, settings, tokenizer);
    assertThat(chunks).anyMatch(chunk -> chunk.pageEnd() > chunk.pageStart());
    assertThat(chunks.get(0).pageStart()).isEqualTo(1);
    assertThat(chunks.get(chunks.size() - 1).pageEnd()).isEqualTo(12);
  }

  @ParameterizedTest
  @CsvSource({"16, 0", "16, 15", "24, 8", "50, 10", "256, 32", "2048, 100"})
  void randomDocumentsSatisfyEveryInvariant(int size, int overlap) {
    ChunkingSettings settings = new ChunkingSettings(size, overlap);
    for (long seed = 1; seed <= 20; seed++) {
      List<String> pages = RandomText.pages(new Random(seed), 1 + (int) (seed % 7));
      assertValid(chunker.chunk(pages, settings), pages, settings, tokenizer);
    }
  }

  @Test
  void neverExceedsTheChunkSizeWhenTheTokenizerCountsJoinsToo() {
    // Counts each gap between words as a token: the sum of the parts underestimates the whole.
    Tokenizer gaps = text -> text.isBlank() ? 0 : 2 * text.strip().split("\\s+").length - 1;
    ChunkingSettings settings = new ChunkingSettings(16, 4);
    for (long seed = 1; seed <= 10; seed++) {
      List<String> pages = RandomText.pages(new Random(seed), 3);
      String document = join(pages);

      List<Chunk> chunks = new Chunker(gaps).chunk(pages, settings);

      assertThat(chunks).isNotEmpty();
      for (Chunk chunk : chunks) {
        assertThat(chunk.text()).isEqualTo(document.substring(chunk.charStart(), chunk.charEnd()));
        assertThat(chunk.tokenCount())
            .isEqualTo(gaps.countTokens(chunk.text()))
            .isLessThanOrEqualTo(16);
      }
      ChunkAssertions.assertCoversAllText(chunks, document);
    }
  }

  @Test
  void sameInputGivesTheSameChunks() {
    List<String> pages = RandomText.pages(new Random(7), 5);
    ChunkingSettings settings = new ChunkingSettings(40, 8);

    assertThat(new Chunker(new WordTokenizer()).chunk(pages, settings))
        .isEqualTo(chunker.chunk(pages, settings))
        .isNotEmpty();
  }

  @Test
  void chunksDoNotDependOnHowTheTextArrivesInPages() {
    List<String> pages = RandomText.pages(new Random(3), 6);
    ChunkingSettings settings = new ChunkingSettings(32, 8);

    List<Chunk> byPage = chunker.chunk(pages, settings);
    List<Chunk> whole = chunker.chunk(List.of(join(pages)), settings);

    // Page numbers differ by construction; the cuts must not.
    assertThat(byPage).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(byPage.get(i).text()).isEqualTo(whole.get(i).text());
      assertThat(byPage.get(i).charStart()).isEqualTo(whole.get(i).charStart());
      assertThat(byPage.get(i).tokenCount()).isEqualTo(whole.get(i).tokenCount());
    }
  }

  @Test
  void emitsChunksPageByPageWithBoundedMemory() {
    ChunkingSettings settings = new ChunkingSettings(64, 16);
    Chunker.Session session = chunker.open(settings);
    List<Chunk> chunks = new ArrayList<>();
    Random random = new Random(11);
    List<String> pages = new ArrayList<>();
    int largestPage = 0;
    int mostRetained = 0;
    for (int page = 1; page <= 1000; page++) {
      String text = RandomText.page(random);
      pages.add(text);
      largestPage = Math.max(largestPage, text.length());
      List<Chunk> ready = session.addPage(page, text);
      if (page > 1) {
        assertThat(ready).as("chunks completed by page %d", page).isNotEmpty();
      }
      chunks.addAll(ready);
      mostRetained = Math.max(mostRetained, session.retainedChars());
    }
    List<Chunk> rest = session.finish();
    chunks.addAll(rest);

    assertThat(rest.size()).isLessThanOrEqualTo(2);
    assertThat(mostRetained).isLessThan(3 * largestPage);
    assertValid(chunks, pages, settings, tokenizer);
  }

  @Test
  void tokenizesTheTextAConstantNumberOfTimes() {
    List<String> pages = new ArrayList<>();
    for (int p = 0; p < 200; p++) {
      pages.add(sentences(p * 20, 20, 5 + p % 7) + "\n\n" + sentences(p * 20 + 10, 3, 100));
    }
    long documentLength = join(pages).length();

    chunker.chunk(pages, new ChunkingSettings(64, 16));

    // Each sentence once, each chunk once (overlap included), a few words for overlaps.
    assertThat(tokenizer.charsCounted()).isLessThan(4 * documentLength);
  }

  @Test
  void pageNumbersMustStartAtOneAndIncrease() {
    Chunker.Session session = chunker.open(ChunkingSettings.DEFAULT);
    assertThatThrownBy(() -> session.addPage(0, "text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page numbers must start at 1 and increase");
    session.addPage(1, "One.");
    session.addPage(3, "Three.");
    assertThatThrownBy(() -> session.addPage(3, "again"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page 3 came after page 3");
  }

  @Test
  void aFinishedSessionTakesNoMorePages() {
    Chunker.Session session = chunker.open(ChunkingSettings.DEFAULT);
    session.addPage(1, "One.");
    assertThat(session.finish()).hasSize(1);

    assertThatThrownBy(() -> session.addPage(2, "Two.")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(session::finish).isInstanceOf(IllegalStateException.class);
  }
}
