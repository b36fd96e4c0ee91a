package dev.intake.pipeline.ocr;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Reads text from pictures of pages with Tesseract: image files, and PDF pages without a text layer
 * (see {@link OcrMode}). Runs inside a parser child only, never in the worker's JVM: pages are
 * rendered or decoded here under the child's heap limit (see {@link PixelBudget}), and Tesseract
 * runs as a process per page, killed at the page's time limit.
 *
 * <p>Whether Tesseract can run (installed, with the configured languages) is checked on first use
 * and remembered; a failed check is repeated at most every {@link #RECHECK_AFTER}, so that
 * installing Tesseract takes effect without a restart. Thread-safe; one per parser child.
 */
public final class Ocr {

  /** A PDF page with fewer characters than this (white space aside) counts as without text. */
  public static final int TEXT_LAYER_MIN_CHARACTERS = 10;

  static final Duration RECHECK_AFTER = Duration.ofSeconds(30);

  private final OcrSettings settings;
  private final Tesseract tesseract;
  private final PixelBudget budget;
  private String problem;
  private long checkedAtNanos;
  private boolean checked;

  /** OCR with the {@code tesseract} program on the {@code PATH}. */
  public Ocr(OcrSettings settings) {
    this(settings, Tesseract.PROGRAM);
  }

  /**
   * @param program the Tesseract program to run: a name looked up on the {@code PATH}, or a path
   */
  public Ocr(OcrSettings settings, String program) {
    this(settings, program, PixelBudget.forThisJvm());
  }

  Ocr(OcrSettings settings, String program, PixelBudget budget) {
    this.settings = settings;
    this.tesseract = new Tesseract(program, settings.languages());
    this.budget = budget;
  }

  public OcrSettings settings() {
    return settings;
  }

  /** Whether OCR can run now: not off, and Tesseract installed with the languages. */
  public boolean available() {
    return unavailableReason() == null;
  }

  /**
   * Null when OCR can run; otherwise why not, in words that say what to do: {@code "OCR is off
   * (INTAKE_OCR=off)"}, {@code "Tesseract is not installed (install the tesseract-ocr package)"}.
   */
  public synchronized String unavailableReason() {
    if (settings.mode() == OcrMode.OFF) {
      return "OCR is off (INTAKE_OCR=off)";
    }
    long now = System.nanoTime();
    if (!checked || (problem != null && now - checkedAtNanos > RECHECK_AFTER.toNanos())) {
      problem = tesseract.problem();
      checkedAtNanos = now;
      checked = true;
    }
    return problem;
  }

  /** OCR for the pages of one open PDF, as its text is extracted. */
  public PdfOcr forPdf(PDDocument document, OcrProgress progress) {
    return new PdfOcr(this, document, progress);
  }

  /**
   * Reads an image file (PNG, JPEG, TIFF with all its pages, BMP, GIF, WebP) page by page.
   *
   * @throws IOException if the image cannot be decoded (damaged, or an encoding no reader knows)
   * @throws IngestException permanent {@code ocr_off} or {@code ocr_unavailable} at once, before
   *     anything is decoded; {@code too_large}; or a page's OCR failure (see {@link #recognize})
   */
  public void readImageFile(Path file, OcrPageSink pages) throws IOException {
    if (settings.mode() == OcrMode.OFF) {
      throw IngestException.permanent(
          "ocr_off",
          "The file is an image: reading its text needs OCR, which is off (INTAKE_OCR=off)");
    }
    String why = unavailableReason();
    if (why != null) {
      throw IngestException.permanent(
          "ocr_unavailable", "The file is an image: reading its text needs OCR, but " + why);
    }
    try (ImageFile images = ImageFile.open(file)) {
      int total = images.pages();
      if (total > settings.maxPages()) {
        throw tooManyPages("The image", String.format(Locale.ROOT, "%,d", total));
      }
      for (int i = 0; i < total; i++) {
        int page = i + 1;
        pages.starting(page, total);
        long started = System.nanoTime();
        GrayImage image = images.page(i, budget);
        pages.page(page, total, recognize(image, page, started));
      }
    }
  }

  /**
   * The text of one page image whose OCR began at {@code startedNanos}; empty for a blank page,
   * which Tesseract is not asked about.
   *
   * @throws IngestException permanent {@code ocr_timeout} when the page's time limit has run out,
   *     or Tesseract's failure
   */
  String recognize(GrayImage image, int page, long startedNanos) {
    if (image.blank()) {
      return "";
    }
    Duration left = settings.pageTimeout().minusNanos(System.nanoTime() - startedNanos);
    if (left.isNegative() || left.isZero()) {
      throw pageTimedOut(page, settings.pageTimeout());
    }
    return tesseract.recognize(image, page, left, settings.pageTimeout());
  }

  PixelBudget budget() {
    return budget;
  }

  /**
   * The failure of a document with more pages to read than {@code INTAKE_OCR_MAX_PAGES}: "… has too
   * many pages for OCR ({@code count}): Intake reads at most 1,000 pages of a document".
   */
  IngestException tooManyPages(String document, String count) {
    return IngestException.permanent(
        "too_many_pages",
        String.format(
            Locale.ROOT,
            "%s has too many pages for OCR (%s): Intake reads at most %,d pages of a document"
                + " (INTAKE_OCR_MAX_PAGES)",
            document,
            count,
            settings.maxPages()));
  }

  /** The failure of a page whose OCR overran {@code INTAKE_OCR_PAGE_TIMEOUT}. */
  public static IngestException pageTimedOut(int page, Duration limit) {
    long millis = limit.toMillis();
    String seconds =
        millis % 1000 == 0
            ? Long.toString(millis / 1000)
            : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    return IngestException.permanent(
        "ocr_timeout",
        "OCR of page " + page + " stopped after " + seconds + " s (INTAKE_OCR_PAGE_TIMEOUT)");
  }
}
