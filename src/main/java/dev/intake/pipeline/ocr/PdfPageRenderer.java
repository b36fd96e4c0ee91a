package dev.intake.pipeline.ocr;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Renders one PDF page at a time in gray, at 300 dpi or at the lower resolution that keeps it
 * within the {@link PixelBudget}. Images in the page are subsampled when they hold far more pixels
 * than the rendering needs (a 600 dpi scan drawn on a page rendered at 300 dpi), which keeps a
 * scanned page's memory near that of the rendered page.
 */
final class PdfPageRenderer {

  private final PDFRenderer renderer;
  private final PixelBudget budget;

  PdfPageRenderer(PDDocument document, PixelBudget budget) {
    this.renderer = new PDFRenderer(document);
    this.renderer.setSubsamplingAllowed(true);
    this.budget = budget;
  }

  /**
   * The page drawn in gray, or null when it is too large to read (see {@link PixelBudget#dpiFor}).
   *
   * @param pageIndex the page's index in the document, from 0
   */
  GrayImage render(int pageIndex, PDPage page) throws IOException {
    PDRectangle box = page.getCropBox();
    int dpi = budget.dpiFor(box.getWidth(), box.getHeight());
    if (dpi == 0) {
      return null;
    }
    BufferedImage image = renderer.renderImageWithDPI(pageIndex, dpi, ImageType.GRAY);
    return GrayImage.of(image, dpi);
  }

  /** "14 × 20 inches": the page's size, for the message that it is too large. */
  static String sizeInInches(PDPage page) {
    PDRectangle box = page.getCropBox();
    return String.format(
        java.util.Locale.ROOT, "%,.0f × %,.0f inches", box.getWidth() / 72, box.getHeight() / 72);
  }
}
