package dev.intake.testing;

import org.opentest4j.TestAbortedException;

/** A browser test skipped because Chromium is missing; {@link ChromiumSkipReport} counts them. */
public final class ChromiumSkippedException extends TestAbortedException {
  public ChromiumSkippedException(String message) {
    super(message);
  }
}
