package dev.intake.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure renderers: tables, progress bars, durations, snippets. */
class RenderingTest {

  @Test
  void tableAlignsColumnsAndRightAlignsNumbers() {
    String t =
        new Table("NAME", "COUNT", "NOTE")
            .alignRight(1)
            .row("a", 5, "short")
            .row("longer-name", 1234, null)
            .render();
    assertThat(t)
        .isEqualTo(
            "NAME         COUNT  NOTE\n"
                + "a                5  short\n"
                + "longer-name   1234  -\n");
  }

  @Test
  void tableHasNoTrailingBlanksAndKeepsEachRowOnOneLine() {
    String t = new Table("A", "B").row("x", "two\nlines").row("yyyy", "").render();
    assertThat(t).isEqualTo("A     B\nx     two lines\nyyyy\n");
    assertThat(t.lines()).noneMatch(l -> l.endsWith(" "));
  }

  @Test
  void tableCountsCodePointsNotChars() {
    String t = new Table("F", "N").alignRight(1).row("😀.txt", 1).row("ab.txt", 22).render();
    assertThat(t.lines().toList()).containsExactly("F        N", "😀.txt    1", "ab.txt  22");
  }

  @Test
  void progressBarAtZeroPartAndFull() {
    assertThat(ProgressBar.render(0, 20)).isEqualTo("[--------------------]   0.0%");
    assertThat(ProgressBar.render(65.5, 20)).isEqualTo("[#############-------]  65.5%");
    assertThat(ProgressBar.render(100, 20)).isEqualTo("[####################] 100.0%");
  }

  @Test
  void progressBarClampsNonsense() {
    assertThat(ProgressBar.render(150, 4)).isEqualTo("[####] 100.0%");
    assertThat(ProgressBar.render(-3, 4)).isEqualTo("[----]   0.0%");
    assertThat(ProgressBar.render(Double.NaN, 4)).isEqualTo("[----]   0.0%");
  }

  @Test
  void durations() {
    assertThat(Format.duration(0)).isEqualTo("0.0s");
    assertThat(Format.duration(0.44)).isEqualTo("0.4s");
    assertThat(Format.duration(59.94)).isEqualTo("59.9s");
    assertThat(Format.duration(65)).isEqualTo("1m 05s");
    assertThat(Format.duration(3599.9)).isEqualTo("59m 59s");
    assertThat(Format.duration(3725)).isEqualTo("1h 02m");
    assertThat(Format.duration(90061)).isEqualTo("1d 01h");
    assertThat(Format.duration(-1)).isEqualTo("-");
  }

  @Test
  void ages() {
    Instant now = Instant.parse("2026-01-15T10:30:45Z");
    assertThat(Format.ago(now.minusSeconds(3), now)).isEqualTo("3s ago");
    assertThat(Format.ago(now.minusSeconds(300), now)).isEqualTo("5m ago");
    assertThat(Format.ago(now.minusSeconds(7300), now)).isEqualTo("2h ago");
    assertThat(Format.ago(now.plusSeconds(2), now)).isEqualTo("0s ago"); // clock skew
    assertThat(Format.ago(null, now)).isEqualTo("-");
  }

  @Test
  void snippetsAreOneLineAndCut() {
    assertThat(Format.snippet("  a\n\n b\tc ", 80)).isEqualTo("a b c");
    assertThat(Format.snippet("abcdefghij", 5)).isEqualTo("abcd…");
    assertThat(Format.snippet("abcde", 5)).isEqualTo("abcde");
  }

  @Test
  void pages() {
    assertThat(Format.pages(3, 3)).isEqualTo("3");
    assertThat(Format.pages(3, 5)).isEqualTo("3-5");
  }
}
