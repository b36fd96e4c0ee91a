package dev.intake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileNamePatternTest {

  private static boolean matches(String glob, String name) {
    return FileNamePattern.compile(glob).matches(name);
  }

  @Test
  void starsQuestionMarksSetsAndGroupsMatchWholeNames() {
    assertThat(matches("*.pdf", "report.pdf")).isTrue();
    assertThat(matches("*.pdf", "report.pdf.bak")).isFalse();
    assertThat(matches("*.pdf", ".pdf")).isTrue();
    assertThat(matches("report-?.txt", "report-7.txt")).isTrue();
    assertThat(matches("report-?.txt", "report-17.txt")).isFalse();
    assertThat(matches("[abc]*.md", "beta.md")).isTrue();
    assertThat(matches("[abc]*.md", "delta.md")).isFalse();
    assertThat(matches("[!abc]*.md", "delta.md")).isTrue();
    assertThat(matches("v[0-9].txt", "v5.txt")).isTrue();
    assertThat(matches("v[0-9].txt", "vx.txt")).isFalse();
    assertThat(matches("[]x]", "]")).isTrue();
    assertThat(matches("[a-]", "-")).isTrue();
    assertThat(matches("*.{pdf,docx}", "a.docx")).isTrue();
    assertThat(matches("*.{pdf,docx}", "a.doc")).isFalse();
    assertThat(matches("{a,b}{1,2}.txt", "b2.txt")).isTrue();
    assertThat(matches("{,x}y", "y")).isTrue();
    assertThat(matches("a**b", "ab")).isTrue();
    assertThat(matches("*", "")).isTrue();
    assertThat(matches("?", "")).isFalse();
  }

  @Test
  void matchingIgnoresCaseAndCountsCodePoints() {
    assertThat(matches("*.PDF", "Report.pdf")).isTrue();
    assertThat(matches("*.pdf", "REPORT.PDF")).isTrue();
    assertThat(matches("[A-C]*", "beta")).isTrue();
    assertThat(matches("ÄRGER.txt", "ärger.TXT")).isTrue();
    assertThat(matches("?.txt", "😀.txt")).as("one emoji is one character").isTrue();
  }

  /** The same answers as the JDK's glob matcher on random names, where both apply. */
  @Test
  void agreesWithTheJdkGlobOnRandomNames() {
    Random random = new Random(42);
    List<String> globs =
        List.of("*a*b", "a?c*", "*.[tm]d", "[!a]*", "*ab*ba*", "?*?", "x{y,z}*", "*[a-c]?");
    String alphabet = "abcdmtxyz.";
    for (String glob : globs) {
      PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      FileNamePattern ours = FileNamePattern.compile(glob);
      for (int n = 0; n < 2000; n++) {
        StringBuilder name = new StringBuilder();
        for (int len = 1 + random.nextInt(10); len > 0; len--) {
          name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String s = name.toString();
        assertThat(ours.matches(s)).as("%s on %s", glob, s).isEqualTo(jdk.matches(Path.of(s)));
      }
    }
  }

  /** Patterns longer than one machine word of positions take the general path: same answers. */
  @Test
  void longPatternsAgreeWithTheJdkGlob() {
    String glob = "a".repeat(40) + "*" + "?".repeat(30) + "[xy]*" + "b".repeat(20);
    PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    FileNamePattern ours = FileNamePattern.compile(glob);
    Random random = new Random(7);
    int matched = 0;
    for (int n = 0; n < 3000; n++) {
      StringBuilder name = new StringBuilder("a".repeat(40));
      for (int len = random.nextInt(60); len > 0; len--) {
        name.append("abxy".charAt(random.nextInt(4)));
      }
      name.append("b".repeat(random.nextInt(2) == 0 ? 20 : 19));
      String s = name.toString();
      assertThat(ours.matches(s)).as(s).isEqualTo(jdk.matches(Path.of(s)));
      matched += ours.matches(s) ? 1 : 0;
    }
    assertThat(matched).as("names that match and names that do not").isBetween(100, 2900);
  }

  /**
   * The pattern that held a request for 23 s through regular-expression backtracking, against names
   * that almost match: each match costs one pass over the name. A backtracking matcher needs on the
   * order of n^10 steps here, so this loop would not end.
   */
  @Test
  void backtrackingPatternsCostOnePassOverTheName() {
    FileNamePattern p = FileNamePattern.compile("*a*a*a*a*a*a*a*a*a*ab");
    String name = "a".repeat(255);
    for (int i = 0; i < 10_000; i++) {
      assertThat(p.matches(name)).isFalse();
    }
    assertThat(p.matches("a".repeat(254) + "b")).isTrue();
  }

  @Test
  void malformedPatternsAreRefusedInPlainWords() {
    assertThatThrownBy(() -> FileNamePattern.compile("[a"))
        .hasMessage("'[' at character 1 is not closed");
    assertThatThrownBy(() -> FileNamePattern.compile("a{b,c"))
        .hasMessage("'{' at character 2 is not closed");
    assertThatThrownBy(() -> FileNamePattern.compile("{a,{b}}"))
        .hasMessageContaining("cannot be nested");
    assertThatThrownBy(() -> FileNamePattern.compile("a}")).hasMessageContaining("closes no '{'");
    assertThatThrownBy(() -> FileNamePattern.compile("[z-a]"))
        .hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> FileNamePattern.compile("x".repeat(129)))
        .hasMessageContaining("longer than 128");
    assertThatThrownBy(() -> FileNamePattern.compile("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"))
        .hasMessageContaining("more than 32 alternatives");
  }

  @Test
  void patternListsAreBoundedAndNameTheOffendingEntry() {
    assertThatThrownBy(
            () -> FileNamePattern.compileAll("file_patterns", List.of("*.pdf", "[a"), 32))
        .hasMessage("file_patterns[1] '[a': '[' at character 1 is not closed");
    assertThatThrownBy(() -> FileNamePattern.compileAll("file_patterns", List.of("a/*.pdf"), 32))
        .hasMessageContaining("file names only");
    assertThatThrownBy(() -> FileNamePattern.compileAll("file_patterns", List.of("a", "b", "c"), 2))
        .hasMessage("file_patterns has 3 patterns; at most 2 are allowed");
  }
}
