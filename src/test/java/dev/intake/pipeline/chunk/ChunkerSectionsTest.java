package dev.intake.pipeline.chunk;

import static dev.intake.pipeline.chunk.ChunkAssertions.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.pipeline.parse.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sections from headings, cuts at headings, and table rows kept whole. */
class ChunkerSectionsTest {

  private final Chunker chunker = new Chunker(new WordTokenizer());

  /** A page built from blocks, each block optionally a heading, joined by blank lines. */
  private static final class Page {
    final StringBuilder text = new StringBuilder();
    final List<Heading> headings = new ArrayList<>();

    Page heading(int level, String title) {
      separate();
      headings.add(new Heading(level, title, text.length()));
      text.append(title);
      return this;
    }

    Page para(String paragraph) {
      separate();
      text.append(paragraph);
      return this;
    }

    private void separate() {
      if (!text.isEmpty()) {
        text.append("\n\n");
      }
    }
  }

  private static String words(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.joining(" "))
        + ".";
  }

  private List<Chunk> chunk(ChunkingSettings settings, Page... pages) {
    Chunker.Session session = chunker.open(settings);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < pages.length; i++) {
      chunks.addAll(session.addPage(i + 1, pages[i].text.toString(), pages[i].headings));
    }
    chunks.addAll(session.finish());
    return chunks;
  }

  @Test
  void eachChunkCarriesThePathOfHeadingsItFallsUnder() {
    Page page =
        new Page()
            .para(words("pre", 12))
            .heading(1, "2 Installation")
            .para(words("a", 12))
            .heading(2, "2.1 Requirements")
            .para(words("b", 12))
            .heading(2, "2.2 Download")
            .para(words("c", 12))
            .heading(1, "3 Use")
            .para(words("d", 12));

    List<Chunk> chunks = chunk(new ChunkingSettings(16, 2), page);

    assertThat(chunks)
        .extracting(Chunk::section)
        .containsExactly(
            null,
            "2 Installation",
            "2 Installation > 2.1 Requirements",
            "2 Installation > 2.2 Download",
            "3 Use");
    assertThat(chunks.get(2).text()).startsWith("2.1 Requirements");
    assertValid(
        chunks, List.of(page.text.toString()), new ChunkingSettings(16, 2), new WordTokenizer());
  }

  @Test
  void aChunkBreaksAtAHeadingRatherThanAtALaterParagraph() {
    // 12 tokens, then a heading, then two short paragraphs: a chunk of 20 could end at the
    // second paragraph break, but the section's start is the better place.
    Page page =
        new Page()
            .para(words("a", 12))
            .heading(1, "Next")
            .para(words("b", 3))
            .para(words("c", 3))
            .para(words("d", 12));

    List<Chunk> chunks = chunk(new ChunkingSettings(20, 0), page);

    assertThat(chunks.get(0).text()).isEqualTo(words("a", 12));
    assertThat(chunks.get(1).text()).startsWith("Next");
    assertThat(chunks.get(1).section()).isEqualTo("Next");
  }

  @Test
  void aSectionsFirstChunkRepeatsNothingOfTheSectionBefore() {
    Page page =
        new Page()
            .para(words("a", 8) + " " + words("e", 8))
            .heading(1, "Second")
            .para(words("b", 8));

    List<Chunk> chunks = chunk(new ChunkingSettings(16, 4), page);

    Chunk second = chunks.stream().filter(c -> "Second".equals(c.section())).findFirst().get();
    assertThat(second.text()).startsWith("Second");
    assertThat(second.charStart()).isEqualTo(page.headings.get(0).offset());
  }

  @Test
  void aChunkSpanningSectionsFallsUnderWhatTheyShare() {
    Page page =
        new Page()
            .heading(1, "2 Installation")
            .heading(2, "2.1 Requirements")
            .para("Java.")
            .heading(2, "2.2 Download")
            .para("Fetch it.");

    List<Chunk> chunks = chunk(ChunkingSettings.DEFAULT, page);

    assertThat(chunks).singleElement().extracting(Chunk::section).isEqualTo("2 Installation");
  }

  @Test
  void aSectionGoesOnAcrossPagesAndAHeadingAtAPagesEndOpensTheNextPage() {
    Page first = new Page().heading(1, "Intro").para(words("a", 12));
    first.headings.add(new Heading(1, "Body", first.text.length()));
    Page second = new Page().para(words("b", 12));
    Page third = new Page().para(words("c", 12));

    List<Chunk> chunks = chunk(new ChunkingSettings(16, 0), first, second, third);

    assertThat(chunks).extracting(Chunk::section).containsExactly("Intro", "Body", "Body");
  }

  @Test
  void aHeadingInsideASentenceStillStartsItsSection() {
    String lead = words("l", 12).replace(".", "");
    String text = lead + " 4.2 Limits apply to all " + words("m", 8);
    int at = text.indexOf("4.2");
    Page page = new Page().para(text);
    page.headings.add(new Heading(2, "4.2 Limits", at));

    List<Chunk> chunks = chunk(new ChunkingSettings(16, 0), page);

    assertThat(chunks.get(0).text()).isEqualTo(lead);
    assertThat(chunks.get(1).text()).startsWith("4.2 Limits");
    assertThat(chunks.get(1).section()).isEqualTo("4.2 Limits");
  }

  @Test
  void aTableRowThatFitsIsNeverSplitEvenWhereItHoldsSentences() {
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < 30; r++) {
      rows.add("Name: Item" + r + ". Next | Note: Done" + r + ". Yes | Qty: " + r);
    }
    String sheet = String.join("\n", rows);

    List<Chunk> chunks = chunker.chunk(List.of(sheet), new ChunkingSettings(20, 8));

    assertThat(chunks).hasSizeGreaterThan(3);
    for (Chunk c : chunks) {
      assertThat(c.text().split("\n")).allSatisfy(line -> assertThat(rows).contains(line));
    }
    assertValid(chunks, List.of(sheet), new ChunkingSettings(20, 8), new WordTokenizer());
  }

  @Test
  void tabSeparatedCellsAreARowToo() {
    String table = "Intro sentence. Another one.\nRegion\tQ1. Sales\tQ2\nNorth\t1,200. Up\t900";

    List<Unit> units = new Segmenter(new WordTokenizer(), 100).split(table, 0, 1);

    assertThat(units)
        .extracting(u -> table.substring(u.start(), u.end()))
        .containsExactly(
            "Intro sentence.", "Another one.", "Region\tQ1. Sales\tQ2", "North\t1,200. Up\t900");
    assertThat(units).extracting(Unit::row).containsExactly(false, false, true, true);
  }

  @Test
  void aRowTooLongForAChunkIsCutAsASentenceWouldBe() {
    String row = "A: " + words("x", 10) + " | B: " + words("y", 10);

    List<Chunk> chunks = chunker.chunk(List.of(row), new ChunkingSettings(16, 0));

    assertThat(chunks).hasSizeGreaterThan(1);
    assertValid(chunks, List.of(row), new ChunkingSettings(16, 0), new WordTokenizer());
  }
}
