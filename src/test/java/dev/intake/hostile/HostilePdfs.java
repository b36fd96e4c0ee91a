package dev.intake.hostile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PDFs whose structure attacks the parser: a page tree that loops, a page drawing endless text,
 * and, for OCR, pages that are only an image: one of an absurd size, and one whose image is buried
 * under endless lines, which take ages to render.
 */
public final class HostilePdfs {
  /** One line of the huge page: a string shown, then a move to the next line. */
  static final String TEXT_LINE =
      "(The queue hands each worker a lease on one document and its chunks.) Tj T*\n";

  private static final String FONT =
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

  private HostilePdfs() {}

  /**
   * A page tree whose inner node lists the root among its kids: root → node → (page, root → …). A
   * parser that follows kids without remembering where it has been never ends.
   */
  static Path pageTreeLoop(Path file) throws IOException {
    try (PdfWriter pdf = new PdfWriter(file)) {
      pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
      pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 2 >>");
      pdf.object(3, "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 2 0 R] /Count 2 >>");
      pdf.object(
          4,
          "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 5 0 R"
              + " /Resources << /Font << /F1 7 0 R >> >> >>");
      pdf.deflatedStream(
          5, 6, out -> out.write("BT /F1 12 Tf 72 720 Td (A page in a loop.) Tj ET\n".getBytes()));
      pdf.object(7, FONT);
      pdf.finish(1);
    }
    return file;
  }

  /**
   * One page whose content stream shows {@code textBytes} bytes of text operators (e.g. 300 MB),
   * Flate-compressed to a file a thousandth of that size.
   */
  static Path hugeTextStream(Path file, long textBytes) throws IOException {
    try (PdfWriter pdf = new PdfWriter(file)) {
      pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
      pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
      pdf.object(
          3,
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
              + " /Resources << /Font << /F1 6 0 R >> >> >>");
      pdf.deflatedStream(
          4,
          5,
          out -> {
            out.write("BT /F1 10 Tf 12 TL 36 756 Td\n".getBytes());
            Repeated.write(out, TEXT_LINE, textBytes);
            out.write("ET\n".getBytes());
          });
      pdf.object(6, FONT);
      pdf.finish(1);
    }
    return file;
  }

  /**
   * One page of {@code sizePt} × {@code sizePt} points (72 to the inch) that shows only a small
   * gray image stretched over it: no text layer, so OCR would render it. A page may be at most
   * 14,400 points wide; 7,200,000 is 100,000 inches, which at 300 dpi are 9 × 10^14 pixels.
   */
  public static Path imageOnlyPage(Path file, long sizePt) throws IOException {
    try (PdfWriter pdf = new PdfWriter(file)) {
      pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
      pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
      pdf.object(
          3,
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
              + sizePt
              + " "
              + sizePt
              + "] /Contents 4 0 R /Resources << /XObject << /Im1 6 0 R >> >> >>");
      pdf.deflatedStream(
          4,
          5,
          out -> out.write(("q " + sizePt + " 0 0 " + sizePt + " 0 0 cm /Im1 Do Q\n").getBytes()));
      smallImage(pdf, 6, 7);
      pdf.finish(1);
    }
    return file;
  }

  /**
   * One letter page that shows a small image, then strokes {@code pathBytes} bytes of lines across
   * the page: its text layer is empty and cheap to find so, but rendering it for OCR draws every
   * line at 300 dpi, far longer than a page may take.
   */
  public static Path imageUnderEndlessLines(Path file, long pathBytes) throws IOException {
    try (PdfWriter pdf = new PdfWriter(file)) {
      pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
      pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
      pdf.object(
          3,
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
              + " /Resources << /XObject << /Im1 6 0 R >> >> >>");
      pdf.deflatedStream(
          4,
          5,
          out -> {
            out.write("q 612 0 0 792 0 0 cm /Im1 Do Q 4 w\n".getBytes());
            Repeated.write(out, "0 0 m 612 792 l 612 0 m 0 792 l S\n", pathBytes);
          });
      smallImage(pdf, 6, 7);
      pdf.finish(1);
    }
    return file;
  }

  /**
   * {@code pages} letter pages that each show only the same small image: a scan of very many pages
   * without a text layer, every one of which OCR would render at 300 dpi and read. The pages share
   * their content stream and image, so 20,000 of them take about 2 MB.
   */
  public static Path manyImageOnlyPages(Path file, int pages) throws IOException {
    try (PdfWriter pdf = new PdfWriter(file)) {
      pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
      StringBuilder kids = new StringBuilder();
      for (int p = 0; p < pages; p++) {
        kids.append(7 + p).append(" 0 R ");
      }
      pdf.object(2, "<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
      pdf.deflatedStream(3, 4, out -> out.write("q 612 0 0 792 0 0 cm /Im1 Do Q\n".getBytes()));
      smallImage(pdf, 5, 6);
      for (int p = 0; p < pages; p++) {
        pdf.object(
            7 + p,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R"
                + " /Resources << /XObject << /Im1 5 0 R >> >> >>");
      }
      pdf.finish(1);
    }
    return file;
  }

  /** A 16 × 16 gray image with a dark square in the middle, as object {@code number}. */
  private static void smallImage(PdfWriter pdf, int number, int lengthNumber) throws IOException {
    pdf.imageStream(
        number,
        lengthNumber,
        "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
            + " /BitsPerComponent 8",
        out -> {
          for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
              out.write(x > 4 && x < 11 && y > 4 && y < 11 ? 20 : 255);
            }
          }
        });
  }
}
