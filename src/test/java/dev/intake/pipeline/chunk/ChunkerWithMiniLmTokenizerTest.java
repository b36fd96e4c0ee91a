package dev.intake.pipeline.chunk;

import static dev.intake.pipeline.chunk.ChunkAssertions.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.pipeline.embed.MiniLmTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chunker with the tokenizer the embedding model really uses. */
class ChunkerWithMiniLmTokenizerTest {

  private static MiniLmTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = MiniLmTokenizer.load();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  /** Text that is hard on a WordPiece tokenizer: punctuation runs, numbers, CJK, accents. */
  private static List<String> hardPages(Random random, int count) {
    List<String> pages = new ArrayList<>(RandomText.pages(random, count));
    pages.add("Punctuation splits into tokens: " + "a,".repeat(700) + " end.");
    pages.add("東京は日本の首都です。大阪は大きな都市です。".repeat(40));
    pages.add("Ünïcödé àccénts and numbers 1234567 89.01 ".repeat(60));
    pages.add(("Line " + "wrapped text without any full stop ").repeat(120));
    return pages;
  }

  @Test
  void noChunkExceeds256RealTokensOnALongDocument() {
    List<String> pages = hardPages(new Random(5), 40);

    List<Chunk> chunks = new Chunker(tokenizer).chunk(pages, ChunkingSettings.DEFAULT);

    assertThat(chunks).hasSizeGreaterThan(40);
    assertValid(chunks, pages, ChunkingSettings.DEFAULT, tokenizer);
    // The default size is used well: most chunks are more than half full.
    long wellFilled = chunks.stream().filter(chunk -> chunk.tokenCount() > 128).count();
    assertThat(wellFilled).isGreaterThan(chunks.size() * 3 / 4);
  }

  @Test
  void multiPageChunksCarryTheirPageRange() {
    Random random = new Random(9);
    List<String> pages = new ArrayList<>();
    for (int p = 0; p < 30; p++) {
      pages.add(RandomText.page(random)); // about 100 tokens a page
    }
    ChunkingSettings settings = new ChunkingSettings(256, 32);

    List<Chunk> chunks = new Chunker(tokenizer).chunk(pages, settings);

    assertValid(chunks, pages, settings, tokenizer);
    assertThat(chunks).anyMatch(chunk -> chunk.pageEnd() - chunk.pageStart() >= 2);
    assertThat(chunks.get(chunks.size() - 1).pageEnd()).isEqualTo(30);
  }

  @Test
  void cutsTheSameWhetherTextArrivesPageByPageOrAtOnce() {
    List<String> pages = hardPages(new Random(13), 10);
    Chunker chunker = new Chunker(tokenizer);
    ChunkingSettings settings = new ChunkingSettings(128, 16);

    List<Chunk> byPage = chunker.chunk(pages, settings);
    List<Chunk> whole = chunker.chunk(List.of(ChunkAssertions.join(pages)), settings);

    assertValid(byPage, pages, settings, tokenizer);
    assertThat(byPage).extracting(Chunk::text).isEqualTo(whole.stream().map(Chunk::text).toList());
    assertThat(byPage)
        .extracting(Chunk::charStart)
        .isEqualTo(whole.stream().map(Chunk::charStart).toList());
  }

  /** A tokenizer that remembers the longest text it was handed. */
  private static final class Watching implements Tokenizer {
    int longest;

    @Override
    public int countTokens(String text) {
      longest = Math.max(longest, text.length());
      return tokenizer.countTokens(text);
    }
  }

  @Test
  void aHugeSingleLineNeverReachesTheTokenizerWhole() {
    // 4 million characters on one line: words without a single full stop, then one word of a
    // million letters, which WordPiece would count as a single unknown token.
    StringBuilder line = new StringBuilder();
    Random random = new Random(11);
    while (line.length() < 3_000_000) {
      line.append(RandomText.pages(random, 1).getFirst().replace('.', ',').replace('\n', ' '));
      line.append(' ');
    }
    line.append("x".repeat(1_000_000)).append(" the end");
    List<String> pages = List.of(line.toString());
    Watching watching = new Watching();

    List<Chunk> chunks = new Chunker(watching).chunk(pages, ChunkingSettings.DEFAULT);

    int bound = 100 * ChunkingSettings.DEFAULT.chunkSize();
    assertThat(watching.longest).isLessThanOrEqualTo(bound);
    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(bound));
    assertThat(chunks.getLast().text()).endsWith("the end");
    // Ordinary words still fill their chunks.
    assertThat(chunks.getFirst().tokenCount()).isGreaterThan(128);
  }
}
