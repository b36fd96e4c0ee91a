package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.hostile.HostileImages;
import dev.intake.pipeline.IngestException;
import dev.intake.testing.PageImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image files decoded for OCR, within the budget whatever they declare; no Tesseract needed. */
class ImageFileTest {
  static final PixelBudget BUDGET = new PixelBudget(40_000_000, 128L << 20);

  @TempDir Path dir;

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderBeforeAnythingIsDecoded() throws IOException {
    // 100,000 × 100,000 declared; its data inflates to 1.25 GB.
    Path bomb = HostileImages.pngBomb(dir.resolve("bomb.png"), 100_000, 100_000);
    assertThat(Files.size(bomb)).isLessThan(4L << 20);
    try (ImageFile image = ImageFile.open(bomb)) {
      assertThat(image.pages()).isEqualTo(1);
      assertThatThrownBy(() -> image.page(0, BUDGET))
          .isInstanceOfSatisfying(
              IngestException.class,
              e -> {
                assertThat(e.isPermanent()).isTrue();
                assertThat(e.code()).isEqualTo("too_large");
                assertThat(e.getMessage())
                    .isEqualTo(
                        "The image is too large to read: 100,000 × 100,000 pixels (Intake reads"
                            + " images of at most 250 megapixels)");
              });
    }
  }

  @Test
  void aBigImageIsDecodedSubsampledWithinTheBudget() throws IOException {
    Path big = HostileImages.pngBomb(dir.resolve("big.png"), 8_000, 6_000); // 48 megapixels
    try (ImageFile image = ImageFile.open(big)) {
      GrayImage page = image.page(0, new PixelBudget(12_000_000, 128L << 20));
      assertThat(page.width()).isEqualTo(4_000);
      assertThat(page.height()).isEqualTo(3_000);
      assertThat(page.blank()).isTrue();
    }
  }

  @Test
  void theResolutionAFileDeclaresIsPassedOnAndHalvedWhenSubsampled() throws IOException {
    Path png = pngAt(dir.resolve("scan.png"), PageImages.page(List.of("x")), 200);
    try (ImageFile image = ImageFile.open(png)) {
      assertThat(image.page(0, BUDGET).dpi()).isEqualTo(200);
      assertThat(image.page(0, new PixelBudget(3_000_000, 128L << 20)).dpi()).isEqualTo(100);
    }
    Path unknown = PageImages.write(dir.resolve("plain.bmp"), "bmp", List.of("x"));
    try (ImageFile image = ImageFile.open(unknown)) {
      assertThat(image.page(0, BUDGET).dpi()).as("no resolution declared").isZero();
    }
  }

  @Test
  void aResolutionIsTakenInEitherUnitAndOnlyWhenAScannerCouldHaveMadeIt() {
    assertThat(ImageFile.plausibleDpi(25.4 / 300)).isEqualTo(300); // millimetres per pixel
    assertThat(ImageFile.plausibleDpi(300 / 25.4)).isEqualTo(300); // pixels per millimetre
    assertThat(ImageFile.plausibleDpi(1.0)).as("25 dpi").isZero();
    assertThat(ImageFile.plausibleDpi(25.4 / 9600)).as("9600 dpi").isZero();
    assertThat(ImageFile.plausibleDpi(0)).isZero();
    assertThat(ImageFile.plausibleDpi(Double.NaN)).isZero();
  }

  @Test
  void aDamagedImageCannotBeOpened() throws IOException {
    Path png = PageImages.write(dir.resolve("page.png"), "png", List.of("x"));
    byte[] bytes = Files.readAllBytes(png);
    Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, 100));
    assertThatThrownBy(
            () -> {
              try (ImageFile image = ImageFile.open(cut)) {
                image.page(0, BUDGET);
              }
            })
        .isInstanceOf(IOException.class);
    Path notAnImage = Files.writeString(dir.resolve("text.png"), "not an image at all");
    assertThatThrownBy(() -> ImageFile.open(notAnImage).close()).isInstanceOf(IOException.class);
  }

  /** A PNG whose pHYs chunk declares {@code dpi}. */
  static Path pngAt(Path file, BufferedImage image, int dpi) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    IIOMetadata metadata =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
    IIOMetadataNode dimension = new IIOMetadataNode("Dimension");
    for (String name : List.of("HorizontalPixelSize", "VerticalPixelSize")) {
      IIOMetadataNode size = new IIOMetadataNode(name);
      size.setAttribute("value", Double.toString(25.4 / dpi));
      dimension.appendChild(size);
    }
    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
    root.appendChild(dimension);
    metadata.mergeTree("javax_imageio_1.0", root);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(new IIOImage(image, null, metadata));
    } finally {
      writer.dispose();
    }
    return file;
  }
}
