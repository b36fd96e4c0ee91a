package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pages as Tesseract gets them: gray, paper where the picture was transparent, PGM. */
class GrayImageTest {

  @Test
  void aTransparentBackgroundBecomesPaperNotInk() {
    BufferedImage transparent = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = transparent.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 5, 10); // black ink on the left, nothing elsewhere
    g.dispose();
    GrayImage gray = GrayImage.of(transparent, 0);
    assertThat(gray.image().getRaster().getSample(2, 5, 0)).isZero();
    assertThat(gray.image().getRaster().getSample(15, 5, 0)).isEqualTo(255);
    assertThat(gray.blank()).isFalse();
  }

  @Test
  void aPageWithoutInkIsBlank() {
    BufferedImage paper = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = paper.createGraphics();
    g.setColor(new Color(230, 230, 230)); // a gray scanner background is still paper
    g.fillRect(0, 0, 50, 50);
    g.dispose();
    assertThat(GrayImage.of(paper, 300).blank()).isTrue();
    paper.getRaster().setSample(49, 49, 0, 20); // one dark pixel
    assertThat(GrayImage.of(paper, 300).blank()).isFalse();
  }

  @Test
  void thePgmIsAHeaderAndTheRowsOfPixels() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSamples(0, 0, 3, 2, 0, new int[] {1, 2, 3, 4, 5, 6});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new GrayImage(image, 300).writePgm(out);
    byte[] header = "P5\n3 2\n255\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(out.toByteArray())
        .startsWith(header)
        .endsWith(new byte[] {1, 2, 3, 4, 5, 6})
        .hasSize(header.length + 6);
  }

  @Test
  void aColourPageIsConvertedToGray() {
    BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0xFFFFFF);
    GrayImage gray = GrayImage.of(rgb, 150);
    assertThat(gray.image().getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertThat(gray.image().getRaster().getSample(0, 0, 0)).isEqualTo(255);
    assertThat(gray.image().getRaster().getSample(1, 1, 0)).isZero();
    assertThat(gray.dpi()).isEqualTo(150);
  }
}
