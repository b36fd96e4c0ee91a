package dev.intake.testing;

import org.opentest4j.TestAbortedException;

/**
 * A test skipped because Tesseract is not installed; {@link TesseractSkipReport} counts them and
 * says so at the end of the run.
 */
public final class TesseractSkippedException extends TestAbortedException {

  public TesseractSkippedException(String message) {
    super(message);
  }
}
