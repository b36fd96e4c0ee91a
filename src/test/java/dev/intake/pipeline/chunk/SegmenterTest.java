package dev.intake.pipeline.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

  private final Segmenter segmenter = new Segmenter(new WordTokenizer(), 16);

  private List<String> texts(String page, int offset) {
    String document = "x".repeat(offset) + page;
    return segmenter.split(page, offset, 1).stream()
        .map(unit -> document.substring(unit.start(), unit.end()))
        .toList();
  }

  private List<Boundary> boundaries(String page) {
    return segmenter.split(page, 0, 1).stream().map(Unit::before).toList();
  }

  @Test
  void splitsSentencesAtTerminalPunctuationFollowedBySpace() {
    assertThat(texts("First one. Second one! Third? (Fourth.) \"Fifth.\" Sixth", 0))
        .containsExactly("First one.", "Second one!", "Third?", "(Fourth.)", "\"Fifth.\"", "Sixth");
  }

  @Test
  void keepsAbbreviationsNumbersAndLowerCaseContinuationsTogether() {
    assertThat(texts("We use tools, e.g. hammers. Pi is 3.14 today. See www.a.com now.", 0))
        .containsExactly("We use tools, e.g. hammers.", "Pi is 3.14 today.", "See www.a.com now.");
  }

  @Test
  void splitsAfterCjkFullStopsWithoutSpace() {
    assertThat(texts("今日は晴れ。明日は雨！", 0)).containsExactly("今日は晴れ。", "明日は雨！");
  }

  @Test
  void blankLinesSeparateParagraphsButSingleLineBreaksDoNot() {
    String page = "Line one\nwraps here\n\nNext para\r\n\r\nThird\n \t\nFourth. Fifth";

    assertThat(texts(page, 0))
        .containsExactly("Line one\nwraps here", "Next para", "Third", "Fourth.", "Fifth");
    assertThat(boundaries(page))
        .containsExactly(
            Boundary.PARAGRAPH,
            Boundary.PARAGRAPH,
            Boundary.PARAGRAPH,
            Boundary.PARAGRAPH,
            Boundary.SENTENCE);
  }

  @Test
  void offsetsAreDocumentOffsetsAndUnitsKnowTheirPage() {
    List<Unit> units = segmenter.split("  Alpha beta. Gamma.", 100, 7);

    assertThat(units)
        .containsExactly(
            new Unit(102, 113, 7, 2, Boundary.PARAGRAPH),
            new Unit(114, 120, 7, 1, Boundary.SENTENCE));
  }

  @Test
  void overlongSentencesBecomeWordsAndOverlongWordsBecomePieces() {
    String words = "w ".repeat(20).strip();
    String blob = "abcdefgh".repeat(20); // 20 tokens

    List<Unit> units = segmenter.split(words + " " + blob + ".", 0, 1);

    assertThat(units).hasSize(22);
    assertThat(units.get(0).before()).isEqualTo(Boundary.PARAGRAPH);
    assertThat(units.subList(1, 21)).allMatch(unit -> unit.before() == Boundary.WORD);
    assertThat(units.get(20).tokens()).isEqualTo(16);
    assertThat(units.get(21).before()).isEqualTo(Boundary.NONE);
    assertThat(units.get(21).end()).isEqualTo(words.length() + 1 + blob.length() + 1);
  }

  @Test
  void neverSplitsASurrogatePair() {
    String word = "\uD83D\uDE00".repeat(100); // 100 code points, 200 chars, 25 tokens

    List<Unit> units = segmenter.split(word, 0, 1);

    assertThat(units).hasSizeGreaterThan(1);
    for (Unit unit : units) {
      assertThat(Character.isLowSurrogate(word.charAt(unit.start()))).isFalse();
      assertThat(unit.tokens()).isLessThanOrEqualTo(16);
    }
  }

  @Test
  void whitespaceOnlyPagesHaveNoUnits() {
    assertThat(segmenter.split(" \n\t\u00A0\n ", 0, 1)).isEmpty();
  }
}
