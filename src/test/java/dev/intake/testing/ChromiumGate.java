package dev.intake.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether a browser test runs: it needs Debian's Chromium ({@code apt-get install
 * chromium}, at {@code /usr/bin/chromium}, or the executable named by {@code
 * INTAKE_TEST_CHROMIUM}). Without it the test is skipped and counted in one loud line at the end of
 * the run ({@link ChromiumSkipReport}); under {@code CI=true} it fails instead.
 */
public final class ChromiumGate {
  public static final Path EXECUTABLE =
      Path.of(System.getenv().getOrDefault("INTAKE_TEST_CHROMIUM", "/usr/bin/chromium"));

  private ChromiumGate() {}

  /** Returns the browser's executable, or skips (fails under CI) the calling test. */
  public static Path require() {
    if (Files.isExecutable(EXECUTABLE)) {
      return EXECUTABLE;
    }
    String message =
        "Chromium is not installed at "
            + EXECUTABLE
            + " (apt-get install chromium, or set INTAKE_TEST_CHROMIUM)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + ": browser tests are required under CI=true");
    }
    throw new ChromiumSkippedException(message);
  }
}
