package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCleanerTest {

  @Test
  void lineBreaksOfEveryKindBecomeNewlines() {
    assertThat(TextCleaner.clean("a\r\nb\rc\u2028d\u0085e\ff")).isEqualTo("a\nb\nc\nd\ne\nf");
  }

  @Test
  void controlCharactersAreDroppedButTabsStay() {
    assertThat(TextCleaner.clean("a\u0000b\u0007c\u001Bd\u0090e\tf\uFEFFg\uFFFDh"))
        .isEqualTo("abcde\tfgh");
  }

  @Test
  void trailingSpacesAndTabsAreTrimmedButIndentationStays() {
    assertThat(TextCleaner.clean("  indented  \t\nnext \n")).isEqualTo("  indented\nnext");
  }

  @Test
  void runsOfBlankLinesShrinkToOneParagraphBreak() {
    assertThat(TextCleaner.clean("one\n\ntwo\n\n\n\nthree\n \n\t\n  \nfour"))
        .isEqualTo("one\n\ntwo\n\nthree\n\nfour");
  }

  @Test
  void blankLinesAtTheStartAndEndAreRemoved() {
    assertThat(TextCleaner.clean("\n\n  \n text\n\n\n")).isEqualTo(" text");
    assertThat(TextCleaner.clean(" \n\t\n")).isEmpty();
  }

  @Test
  void aWordSplitBySoftHyphenAtLineEndIsJoined() {
    assertThat(TextCleaner.clean("an exam\u00AD\n  ple here")).isEqualTo("an example here");
    assertThat(TextCleaner.clean("invis\u00ADible")).isEqualTo("invisible");
  }

  @Test
  void aWordSplitByOrdinaryHyphenIsLeftAlone() {
    assertThat(TextCleaner.clean("well-\nknown")).isEqualTo("well-\nknown");
  }

  @Test
  void nonLatinTextAndJoinersAreKept() {
    String arabic = "\u062D\u064E\u0628\u064A\u0628\u064A";
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    assertThat(TextCleaner.clean(arabic + " " + family)).isEqualTo(arabic + " " + family);
  }

  @Test
  void nonWhitespaceIsCounted() {
    assertThat(TextCleaner.countNonWhitespace(" a\tb\n c ")).isEqualTo(3);
    assertThat(TextCleaner.countNonWhitespace(" \n\t")).isZero();
  }

  @Test
  void positionsFollowTheirCharactersThroughCleaning() {
    String raw = "\n\n  \nIntro text\r\n\n\n\n## Setup \n\u0000body";
    int[] positions = {0, 2, raw.indexOf("##"), raw.indexOf("\u0000"), raw.length()};
    String clean = TextCleaner.clean(raw, positions);
    assertThat(clean).isEqualTo("Intro text\n\n## Setup\nbody");
    assertThat(positions).containsExactly(0, 0, clean.indexOf("##"), clean.indexOf("body"), 25);
  }

  @Test
  void aPositionInDroppedTrailingBlanksMovesToTheNextLine() {
    String raw = "one   \ntwo";
    int[] positions = {4};
    assertThat(TextCleaner.clean(raw, positions)).isEqualTo("one\ntwo");
    assertThat(positions).containsExactly(4);
  }

  @Test
  void aPositionAfterASoftHyphenJoinStaysOnItsCharacter() {
    String raw = "exam\u00AD\n   ple and more";
    int[] positions = {raw.indexOf("and")};
    String clean = TextCleaner.clean(raw, positions);
    assertThat(clean).isEqualTo("example and more");
    assertThat(positions).containsExactly(clean.indexOf("and"));
  }
}
