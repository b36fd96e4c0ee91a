package dev.intake.dashboard;

import dev.intake.testing.Documents;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Multi-page PDFs made for the tests: readable text on every page, a marker word on one. */
final class TestPdfs {
  private TestPdfs() {}

  /**
   * Writes a PDF of {@code pages} pages of generated text; page {@code markedPage} (1-based) also
   * says {@code marker}.
   */
  static Path write(Path file, int pages, long seed, int markedPage, String marker)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        String text = Documents.text(seed * 1000 + p, 6).replace('\n', ' ');
        if (p == markedPage) {
          text = "The " + marker + " appears on this page only. " + text;
        }
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 10);
          content.setLeading(12);
          content.newLineAtOffset(50, 740);
          for (String line : wrap(text, 95)) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }

  private static java.util.List<String> wrap(String text, int width) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" +")) {
      if (line.length() + word.length() + 1 > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
      if (lines.size() >= 58) {
        break;
      }
    }
    if (!line.isEmpty() && lines.size() < 60) {
      lines.add(line.toString());
    }
    return lines;
  }
}
