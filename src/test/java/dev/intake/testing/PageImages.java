package dev.intake.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Pictures of pages with sentences on them, made at test time for OCR: images of a letter-size
 * page, image files of every kind ImageIO writes, and PDFs whose pages are only such images (no
 * text layer, as a scanner makes them). The text is drawn in Liberation Sans, which ships inside
 * PDFBox, so the pictures are the same on every machine, fonts installed or not.
 */
public final class PageImages {

  /** The resolution pages are drawn at, as a scanner would. */
  public static final int DPI = 300;

  private static final Font FONT = loadFont();

  private PageImages() {}

  private static Font loadFont() {
    try (InputStream in =
        PDDocument.class.getResourceAsStream(
            "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (FontFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A letter-size page at {@link #DPI}, black 14 pt text on white, one sentence a line. */
  public static BufferedImage page(List<String> lines) {
    return page(lines, BufferedImage.TYPE_INT_RGB);
  }

  /** The same page in an image of {@code type} ({@link BufferedImage#TYPE_BYTE_GRAY}, …). */
  public static BufferedImage page(List<String> lines, int type) {
    int width = (int) (8.5 * DPI);
    int height = 11 * DPI;
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(FONT.deriveFont(14f * DPI / 72f));
      int y = DPI; // an inch from the top
      for (String line : lines) {
        g.drawString(line, DPI, y);
        y += (int) (14 * 1.6 * DPI / 72);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Writes the page with {@code lines} as an image file of {@code format} ("png", "jpeg", …). */
  public static Path write(Path file, String format, List<String> lines) throws IOException {
    BufferedImage image = page(lines);
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IllegalArgumentException("ImageIO writes no " + format);
    }
    return file;
  }

  /** A TIFF with one page per list of lines (Deflate-compressed, 8-bit gray). */
  public static Path tiff(Path file, List<List<String>> pages) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    Files.deleteIfExists(file);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      var param = writer.getDefaultWriteParam();
      param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType("Deflate");
      writer.prepareWriteSequence(null);
      for (List<String> lines : pages) {
        writer.writeToSequence(
            new IIOImage(page(lines, BufferedImage.TYPE_BYTE_GRAY), null, null), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return file;
  }

  /**
   * A PDF whose pages are each one picture of a page with the given lines, letter size, with no
   * text layer: what a scanner writes.
   */
  public static Path imageOnlyPdf(Path file, List<List<String>> pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (List<String> lines : pages) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        PDImageXObject image =
            LosslessFactory.createFromImage(doc, page(lines, BufferedImage.TYPE_BYTE_GRAY));
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.drawImage(
              image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }
}
