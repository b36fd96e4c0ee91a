package dev.intake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChildStderrTest {

  private static String copy(String stderr) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChildStderr.copy(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesArePassedOnAsTheyAre() throws IOException {
    assertThat(copy("first line\nsecond line\nno newline at the end"))
        .isEqualTo("first line\nsecond line\nno newline at the end\n");
  }

  @Test
  void aHugeLineIsCutAndTheLinesAfterItStillCome() throws IOException {
    String huge = "x".repeat(5 * 1024 * 1024);

    String copied = copy("before\n" + huge + "\nafter\n" + huge);

    String cut = "x".repeat(ChildStderr.MAX_LINE_BYTES) + " [line cut]";
    assertThat(copied).isEqualTo("before\n" + cut + "\nafter\n" + cut + "\n");
  }
}
