package dev.intake.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether a test that needs Tesseract runs, is skipped or fails, as {@link PostgresGate}
 * does for PostgreSQL. Only a {@code tesseract} that is not installed (no such program on the
 * {@code PATH}) skips the test, and under {@code CI=true} even that fails it. One that is installed
 * but does not work, or lacks the English model the tests read with, fails the test everywhere:
 * that is a broken installation, not a missing one. Tesseract is asked once per JVM.
 */
public final class TesseractGate {

  private static volatile Verdict verdict;

  private TesseractGate() {}

  private record Verdict(Kind kind, String problem) {}

  private enum Kind {
    INSTALLED,
    MISSING,
    BROKEN
  }

  /** Returns if Tesseract can be used; otherwise skips (not installed) or fails the test. */
  public static void require() {
    require("true".equalsIgnoreCase(System.getenv("CI")));
  }

  static void require(boolean ci) {
    Verdict v = verdict();
    switch (v.kind()) {
      case INSTALLED -> {}
      case BROKEN -> fail("Tesseract is installed but cannot run the tests: " + v.problem());
      case MISSING -> {
        String message = "Tesseract is not installed (" + v.problem() + ")";
        if (ci) {
          fail(message + ": OCR tests are required under CI=true");
        }
        throw new TesseractSkippedException(message);
      }
    }
  }

  /** Whether Tesseract is installed and works, without skipping or failing anything. */
  public static boolean installed() {
    return verdict().kind() == Kind.INSTALLED;
  }

  private static Verdict verdict() {
    Verdict v = verdict;
    if (v == null) {
      v = ask();
      verdict = v;
    }
    return v;
  }

  private static Verdict ask() {
    Process p;
    try {
      p = new ProcessBuilder("tesseract", "--list-langs").redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Verdict(Kind.MISSING, "no tesseract program on the PATH");
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Verdict(Kind.BROKEN, "'tesseract --list-langs' did not end within 30 s");
      }
      if (p.exitValue() != 0) {
        return new Verdict(Kind.BROKEN, "'tesseract --list-langs' failed: " + out.strip());
      }
      if (out.lines().map(String::strip).noneMatch("eng"::equals)) {
        return new Verdict(
            Kind.BROKEN, "no English model (install tesseract-ocr-eng): " + out.strip());
      }
      return new Verdict(Kind.INSTALLED, null);
    } catch (IOException e) {
      return new Verdict(Kind.BROKEN, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict(Kind.BROKEN, "interrupted");
    }
  }
}
