package dev.intake.hostile;

import java.io.IOException;
import java.nio.file.Path;

/** PDFs whose structure attacks the parser: a page tree that loops, a page drawing endless text. */
final class HostilePdfs {
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
}
