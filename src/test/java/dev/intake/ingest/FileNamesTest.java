package dev.intake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names HTTP cannot deliver as they are (Jetty refuses raw controls in part headers). */
class FileNamesTest {

  @Test
  void controlCharactersAndBidiControlsAreRemoved() {
    assertThat(FileNames.clean("a\u0000b\nc\td\u007Fe.txt")).isEqualTo("abcde.txt");
    assertThat(FileNames.clean("report\u202Efdp.exe")).isEqualTo("reportfdp.exe");
    assertThat(
            FileNames.clean("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061Cx"))
        .isEqualTo("x");
    assertThat(FileNames.clean("lone\uD800surrogate.txt")).isEqualTo("lonesurrogate.txt");
    assertThat(FileNames.clean("emoji \uD83D\uDE00 stays.txt"))
        .isEqualTo("emoji \uD83D\uDE00 stays.txt");
  }

  @Test
  void directoryPartsAndEmptyNamesFallBack() {
    assertThat(FileNames.clean("../../etc/passwd")).isEqualTo("passwd");
    assertThat(FileNames.clean("C:\\Users\\me\\notes.txt")).isEqualTo("notes.txt");
    assertThat(FileNames.clean("..")).isEqualTo("upload");
    assertThat(FileNames.clean("\u202E")).isEqualTo("upload");
    assertThat(FileNames.clean(null)).isEqualTo("upload");
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String name = "a".repeat(254) + "\uD83D\uDE00.txt";
    String clean = FileNames.clean(name);
    assertThat(clean).isEqualTo("a".repeat(254));
    assertThat(FileNames.clean("b".repeat(300))).hasSize(255);
  }
}
