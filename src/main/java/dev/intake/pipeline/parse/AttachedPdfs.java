package dev.intake.pipeline.parse;

import java.nio.file.Path;

/**
 * Reads a PDF inside another document (a mail's attachment, a file in an archive, an object in a
 * Word file) with Intake's own PDF extractor, so that its scanned pages are read by OCR as an
 * uploaded PDF's are; without OCR a PDF inside is read by Tika, its text layer only. The OCR of its
 * pages is announced to the host document's page stream, page by page, and its end too, so that in
 * the parser sandbox that time counts against the page limit, not the parse limit.
 *
 * <p>One instance serves one host document, and its PDFs share one allowance of OCR pages, {@code
 * INTAKE_OCR_MAX_PAGES}: once they have used it, further PDFs are left to Tika's text-layer
 * reading. Without it, an archive of small PDFs that each draw one picture on a thousand pages
 * would ask for millions of OCR pages.
 */
final class AttachedPdfs {
  private final PdfTextExtractor pdf;
  private final PageStream host;
  private final int maxCharacters;
  private final int maxOcrPages;
  private int ocrPages;

  AttachedPdfs(PdfTextExtractor pdf, PageStream host, int maxCharacters, int maxOcrPages) {
    this.pdf = pdf;
    this.host = host;
    this.maxCharacters = maxCharacters;
    this.maxOcrPages = maxOcrPages;
  }

  /** Whether the host's PDFs have used up their OCR pages: the next is Tika's to read. */
  boolean exhausted() {
    return ocrPages >= maxOcrPages;
  }

  /** Whether {@code t} is what the host's page stream threw (the job stopped, say). */
  boolean thrownByHost(Throwable t) {
    return host.thrownBySink(t);
  }

  /**
   * The text of the PDF in {@code file}, its pages one paragraph each.
   *
   * @throws dev.intake.pipeline.IngestException as {@link PdfTextExtractor#extract} does
   */
  String text(Path file) {
    StringBuilder text = new StringBuilder();
    TextLimit limit = new TextLimit(maxCharacters);
    boolean[] ocrRan = {false};
    PageStream pages =
        new PageStream(
            new PageSink() {
              @Override
              public void page(int pageNumber, int totalPages, String pageText) {
                limit.take(pageText.length());
                if (!pageText.isBlank()) {
                  text.append(text.isEmpty() ? "" : "\n\n").append(pageText);
                }
              }

              @Override
              public void ocrPage(int pageNumber, int totalPages) {
                ocrRan[0] = true;
                ocrPages++;
                host.ocrStarting(pageNumber, totalPages);
              }
            });
    try {
      pdf.extract(file, pages);
    } finally {
      if (ocrRan[0]) {
        host.ocrDone();
      }
    }
    return text.toString();
  }
}
