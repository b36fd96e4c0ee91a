package dev.intake.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests skipped because Tesseract is not installed and, at the end of the run, says so
 * in one line that cannot be missed, as {@link PostgresSkipReport} does for PostgreSQL. Registered
 * for every run through {@code META-INF/services}.
 */
public final class TesseractSkipReport implements TestExecutionListener {
  private final AtomicLong skipped = new AtomicLong();
  private final PrintStream out;
  private volatile TestPlan plan;

  public TesseractSkipReport() {
    // The process's own stderr, not System.err: the build sends what tests print to report files.
    this(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
  }

  TesseractSkipReport(PrintStream out) {
    this.out = out;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    skipped.set(0);
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (result.getStatus() != TestExecutionResult.Status.ABORTED
        || !(result.getThrowable().orElse(null) instanceof TesseractSkippedException)) {
      return;
    }
    if (id.isTest()) {
      skipped.incrementAndGet();
    } else {
      long tests = plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
      skipped.addAndGet(Math.max(1, tests));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    long n = skipped.get();
    if (n > 0) {
      out.println(line(n));
      out.flush();
    }
  }

  static String line(long skipped) {
    return "*** TESSERACT (OCR) TESTS SKIPPED: "
        + skipped
        + " (tesseract is not installed: apt-get install tesseract-ocr;"
        + " set CI=true to make this a failure) ***";
  }
}
