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
 * Says in one line at the end of a run how many multi-host tests were skipped and why: a skipped
 * test is a test that did not run. Registered through {@code META-INF/services}.
 */
public final class NetworkHostsSkipReport implements TestExecutionListener {
  private final AtomicLong skipped = new AtomicLong();
  private volatile String why;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    skipped.set(0);
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest()
        && result.getStatus() == TestExecutionResult.Status.ABORTED
        && result.getThrowable().orElse(null) instanceof NetworkHostsGate.Skipped s) {
      skipped.incrementAndGet();
      why = s.getMessage();
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (skipped.get() > 0) {
      PrintStream err =
          new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
      err.println(
          "*** MULTI-HOST TESTS SKIPPED: "
              + skipped.get()
              + " ("
              + why
              + "; set CI=true to make this a failure) ***");
    }
  }
}
