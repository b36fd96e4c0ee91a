package dev.intake.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryScanTest {
  @TempDir Path tmp;

  private static boolean txt(String name) {
    return name.endsWith(".txt");
  }

  /** Memory in proportion to the limit: the walk ends at the first match past it. */
  @Test
  void theWalkStopsAtTheFirstMatchPastTheLimit() throws Exception {
    for (int i = 0; i < 2000; i++) {
      Files.createFile(tmp.resolve("f" + i + ".txt"));
    }
    assertThatThrownBy(
            () -> DirectoryScan.scan(tmp, true, DirectoryScanTest::txt, p -> true, 10, "LIMIT"))
        .isInstanceOf(DirectoryScan.TooManyFilesException.class)
        .hasMessageContaining("more than 10 matching files (LIMIT)");
    DirectoryScan.Result none =
        DirectoryScan.scan(tmp, true, name -> false, p -> true, 10, "LIMIT");
    assertThat(none.files()).isEmpty();
    assertThat(none.visited())
        .as("without a match past the limit, every entry is read")
        .isEqualTo(2001);
    int[] tested = new int[1];
    assertThatThrownBy(
            () ->
                DirectoryScan.scan(
                    tmp,
                    true,
                    name -> {
                      tested[0]++;
                      return true;
                    },
                    p -> true,
                    10,
                    "LIMIT"))
        .isInstanceOf(DirectoryScan.TooManyFilesException.class);
    assertThat(tested[0]).as("names read before the walk ended").isEqualTo(11);
  }

  @Test
  void onlyRegularFilesAllowedAndMatchingAreFoundInOrder() throws Exception {
    Files.createDirectories(tmp.resolve("sub/deeper"));
    Files.createFile(tmp.resolve("b.txt"));
    Files.createFile(tmp.resolve("a.txt"));
    Files.createFile(tmp.resolve("skip.bin"));
    Files.createFile(tmp.resolve("sub/c.txt"));
    Files.createFile(tmp.resolve("sub/deeper/d.txt"));
    Files.createDirectories(tmp.resolve("dir.txt"));
    Files.createSymbolicLink(tmp.resolve("link.txt"), tmp.resolve("a.txt"));
    Files.createSymbolicLink(tmp.resolve("dirlink.txt"), tmp.resolve("sub"));
    DirectoryScan.Result deep =
        DirectoryScan.scan(
            tmp,
            true,
            DirectoryScanTest::txt,
            p -> !p.getFileName().toString().equals("link.txt"),
            100,
            "LIMIT");
    assertThat(deep.files())
        .containsExactly(
            tmp.resolve("a.txt"),
            tmp.resolve("b.txt"),
            tmp.resolve("sub/c.txt"),
            tmp.resolve("sub/deeper/d.txt"));
    DirectoryScan.Result flat =
        DirectoryScan.scan(tmp, false, DirectoryScanTest::txt, p -> true, 100, "LIMIT");
    assertThat(flat.files())
        .containsExactly(tmp.resolve("a.txt"), tmp.resolve("b.txt"), tmp.resolve("link.txt"));
  }
}
