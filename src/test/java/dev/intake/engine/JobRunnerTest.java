package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
  @Test
  void unexpectedErrorsAreDescribedWithoutServerPaths() {
    assertThat(JobRunner.describe(new NoSuchFileException("/srv/intake/data/blobs/2026/11/abc")))
        .isEqualTo("NoSuchFileException: <path>")
        .doesNotContain("/srv");
    assertThat(JobRunner.describe(new IOException("cannot read /var/lib/x.pdf: denied\n\tat foo")))
        .isEqualTo("IOException: cannot read <path>: denied");
    assertThat(JobRunner.describe(new IllegalStateException("ratio 3/4 is fine")))
        .isEqualTo("IllegalStateException: ratio 3/4 is fine");
    assertThat(JobRunner.describe(new RuntimeException()))
        .isEqualTo("Unexpected error (RuntimeException)");
  }
}
