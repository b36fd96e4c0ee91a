package dev.intake.sandbox;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import java.time.Duration;

/**
 * The time limits of one document in a parser child, as the parent keeps them. Parsing and chunking
 * have {@code INTAKE_PARSE_TIMEOUT} in all; the time the child spends on OCR pages is left out of
 * it, since each OCR page has a limit of its own, {@code INTAKE_OCR_PAGE_TIMEOUT}: a scanned book
 * of 300 pages is not too long to parse. An OCR page runs from the child's OCR frame to its next
 * frame. The child enforces the page limit itself (it kills Tesseract and reports the page); the
 * parent gives it {@link #OCR_GRACE} more to do so, and then kills the child, which may be stuck
 * rendering the page.
 *
 * <p>Times are {@link System#nanoTime()} values, passed in.
 */
final class ParseClock {

  /** How long past the page's limit the parent waits for the child's own report of it. */
  static final Duration OCR_GRACE = Duration.ofSeconds(5);

  private final Duration parseTimeout;
  private final Duration pageTimeout;
  private long parseDeadline;
  private long ocrSince;
  private int ocrPage; // 0: no OCR page running

  ParseClock(Duration parseTimeout, Duration pageTimeout, long now) {
    this.parseTimeout = parseTimeout;
    this.pageTimeout = pageTimeout;
    this.parseDeadline = now + parseTimeout.toNanos();
  }

  /** The child began the OCR of {@code page}: the page's limit runs, the parse limit stops. */
  void ocrPageStarted(int page, long now) {
    frameArrived(now);
    ocrSince = now;
    ocrPage = page;
  }

  /** Any other frame arrived: an OCR page in progress is over. */
  void frameArrived(long now) {
    if (ocrPage != 0) {
      parseDeadline += now - ocrSince;
      ocrPage = 0;
    }
  }

  /** When the running limit ends. */
  long deadline() {
    return ocrPage != 0 ? ocrSince + pageTimeout.plus(OCR_GRACE).toNanos() : parseDeadline;
  }

  /** The page whose OCR is running, or 0. */
  int ocrPage() {
    return ocrPage;
  }

  /** The document's failure once {@link #deadline()} has passed. */
  IngestException overrun() {
    return ocrPage != 0
        ? Ocr.pageTimedOut(ocrPage, pageTimeout)
        : SandboxFailures.timedOut(parseTimeout);
  }
}
