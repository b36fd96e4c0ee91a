package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.hostile.HostileImages;
import dev.intake.hostile.HostilePdfs;
import dev.intake.pipeline.IngestException;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code INTAKE_OCR_MAX_PAGES}: a document with more pages to read than the limit fails with a
 * message that names the setting, before OCR spends hours on it; a TIFF at once, a PDF at the first
 * page past the limit, or at once when {@code INTAKE_OCR=always} would read every page.
 */
class OcrPageLimitTest {
  @TempDir Path dir;

  @BeforeEach
  void needsTesseract() {
    TesseractGate.require();
  }

  private static Ocr ocr(OcrMode mode, int maxPages) {
    return new Ocr(new OcrSettings(mode, "eng", Duration.ofSeconds(60), maxPages));
  }

  @Test
  void aTiffWithMorePagesThanTheLimitFailsBeforeAnyPageIsRead() throws IOException {
    Path tiff = HostileImages.manyPageTiff(dir.resolve("many.tif"), 5_000);
    List<String> events = new ArrayList<>();
    OcrPageSink sink =
        new OcrPageSink() {
          @Override
          public void starting(int page, int totalPages) {
            events.add("ocr " + page);
          }

          @Override
          public void page(int page, int totalPages, String text) {
            events.add("page " + page);
          }
        };
    assertThatThrownBy(() -> ocr(OcrMode.AUTO, 1_000).readImageFile(tiff, sink))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.code()).isEqualTo("too_many_pages");
            })
        .hasMessage(
            "The image has too many pages for OCR (5,000): Intake reads at most 1,000 pages of a"
                + " document (INTAKE_OCR_MAX_PAGES)");
    assertThat(events).isEmpty();

    Path few = HostileImages.manyPageTiff(dir.resolve("few.tif"), 3);
    ocr(OcrMode.AUTO, 3).readImageFile(few, sink);
    assertThat(events).as("at the limit, every page is read").hasSize(6);
  }

  @Test
  void aPdfFailsAtTheFirstPageWithoutTextPastTheLimit() throws IOException {
    Path pdf = HostilePdfs.manyImageOnlyPages(dir.resolve("scan.pdf"), 4);
    List<Integer> started = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PdfOcr pages = ocr(OcrMode.AUTO, 2).forPdf(doc, (page, total) -> started.add(page));
      for (int p = 1; p <= 2; p++) {
        pages.pageText(doc.getPage(p - 1), p, 4, "", true);
      }
      assertThatThrownBy(() -> pages.pageText(doc.getPage(2), 3, 4, "", true))
          .isInstanceOfSatisfying(
              IngestException.class, e -> assertThat(e.code()).isEqualTo("too_many_pages"))
          .hasMessage(
              "The document has too many pages for OCR (more than 2 without text): Intake reads"
                  + " at most 2 pages of a document (INTAKE_OCR_MAX_PAGES)");
      assertThat(started).containsExactly(1, 2);
      assertThat(pages.pagesRead()).isEqualTo(2);
    }
  }

  @Test
  void withOcrAlwaysAPdfWithMorePagesThanTheLimitFailsAtOnce() throws IOException {
    Path pdf = HostilePdfs.manyImageOnlyPages(dir.resolve("scan.pdf"), 4);
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      List<Integer> started = new ArrayList<>();
      PdfOcr pages = ocr(OcrMode.ALWAYS, 3).forPdf(doc, (page, total) -> started.add(page));
      assertThatThrownBy(() -> pages.pageText(doc.getPage(0), 1, 4, "Some text layer", false))
          .hasMessage(
              "The document has too many pages for OCR (4, and INTAKE_OCR=always reads each):"
                  + " Intake reads at most 3 pages of a document (INTAKE_OCR_MAX_PAGES)");
      assertThat(started).isEmpty();
    }
  }
}
