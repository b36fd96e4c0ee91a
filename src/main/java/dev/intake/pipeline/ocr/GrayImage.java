package dev.intake.pipeline.ocr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One page as Tesseract gets it: 8-bit gray, handed over as a binary PGM (a short header and the
 * raw pixels) so that neither side spends time compressing, and so that the only image decoder
 * Tesseract ever runs is the trivial one for PGM: files from users are decoded here, in the JVM,
 * under its heap limit and after their dimensions were checked.
 *
 * @param image a {@link BufferedImage#TYPE_BYTE_GRAY} image
 * @param dpi its resolution, or 0 when unknown (Tesseract then estimates it from the text)
 */
record GrayImage(BufferedImage image, int dpi) {

  /** Pixels lighter than this count as paper when looking for a blank page. */
  private static final int INK = 160;

  GrayImage {
    if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new IllegalArgumentException("not an 8-bit gray image: type " + image.getType());
    }
  }

  /** {@code source} in gray, drawn over white so that transparent parts become paper. */
  static GrayImage of(BufferedImage source, int dpi) {
    if (source.getType() == BufferedImage.TYPE_BYTE_GRAY && !source.getColorModel().hasAlpha()) {
      return new GrayImage(source, dpi);
    }
    BufferedImage gray =
        new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = gray.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, gray.getWidth(), gray.getHeight());
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    return new GrayImage(gray, dpi);
  }

  int width() {
    return image.getWidth();
  }

  int height() {
    return image.getHeight();
  }

  /** True if no pixel is dark enough to be ink: there is nothing for OCR to read. */
  boolean blank() {
    Raster raster = image.getRaster();
    int[] row = new int[width()];
    for (int y = 0; y < height(); y++) {
      raster.getSamples(0, y, width(), 1, 0, row);
      for (int v : row) {
        if (v < INK) {
          return false;
        }
      }
    }
    return true;
  }

  /** Writes the image as a binary PGM ({@code P5}), row by row. */
  void writePgm(OutputStream out) throws IOException {
    int w = width();
    out.write(("P5\n" + w + " " + height() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
    Raster raster = image.getRaster();
    byte[] row = new byte[w];
    for (int y = 0; y < height(); y++) {
      raster.getDataElements(0, y, w, 1, row);
      out.write(row);
    }
    out.flush();
  }
}
