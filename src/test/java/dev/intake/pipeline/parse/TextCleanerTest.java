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
}
