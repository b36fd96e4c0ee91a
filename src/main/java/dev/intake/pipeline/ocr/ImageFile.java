package dev.intake.pipeline.ocr;

import dev.intake.pipeline.IngestException;
import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * An image file opened with Java's ImageIO, read one page at a time: a TIFF's pages in order, the
 * first frame of anything else (an animated GIF's frames are not pages). A page's dimensions are
 * read from its header first: one that declares more than {@link PixelBudget#MAX_DECLARED_PIXELS}
 * is refused before a byte of it is decoded, and a big one is decoded subsampled, so that neither a
 * decompression bomb nor a huge scan can take the parser's heap.
 */
final class ImageFile implements AutoCloseable {

  private final ImageInputStream in;
  private final ImageReader reader;
  private final int pages;

  private ImageFile(ImageInputStream in, ImageReader reader, int pages) {
    this.in = in;
    this.reader = reader;
    this.pages = pages;
  }

  /**
   * Opens {@code file} with the first ImageIO reader that recognizes it.
   *
   * @throws IOException if no reader does, or the file is damaged
   */
  static ImageFile open(Path file) throws IOException {
    ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
    if (in == null) {
      throw new IOException("ImageIO cannot open " + file.getFileName());
    }
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("no ImageIO reader for " + file.getFileName());
      }
      ImageReader reader = readers.next();
      reader.setInput(in, false, false);
      int pages = isTiff(reader) ? reader.getNumImages(true) : 1;
      if (pages < 1) {
        throw new IOException("the image file holds no image");
      }
      return new ImageFile(in, reader, pages);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static boolean isTiff(ImageReader reader) throws IOException {
    String format = reader.getFormatName().toLowerCase(Locale.ROOT);
    return format.equals("tif") || format.equals("tiff");
  }

  int pages() {
    return pages;
  }

  /**
   * Page {@code index} (from 0) in gray, subsampled to fit {@code budget}.
   *
   * @throws IngestException permanent {@code too_large} when the page declares more pixels than
   *     Intake reads
   */
  GrayImage page(int index, PixelBudget budget) throws IOException {
    int width = reader.getWidth(index);
    int height = reader.getHeight(index);
    if (width <= 0 || height <= 0) {
      throw new IOException("the image declares no size: " + width + " x " + height);
    }
    if ((long) width * height > PixelBudget.MAX_DECLARED_PIXELS) {
      throw IngestException.permanent(
          "too_large",
          String.format(
              Locale.ROOT,
              "The image is too large to read: %s%,d × %,d pixels (Intake reads images of at most"
                  + " %,d megapixels)",
              pages > 1 ? "page " + (index + 1) + " has " : "",
              width,
              height,
              PixelBudget.MAX_DECLARED_PIXELS / 1_000_000));
    }
    int step = budget.subsampling(width, height, bytesPerPixel(index));
    ImageReadParam param = reader.getDefaultReadParam();
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    BufferedImage image = reader.read(index, param);
    int dpi = dpi(index);
    return GrayImage.of(image, dpi / step);
  }

  /** Bytes per pixel as the reader will decode the page; 4 when it cannot say. */
  private int bytesPerPixel(int index) throws IOException {
    ImageTypeSpecifier type = reader.getRawImageType(index);
    if (type == null) {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
      type = types.hasNext() ? types.next() : null;
    }
    if (type == null) {
      return 4;
    }
    SampleModel model = type.getSampleModel(1, 1);
    int bits = 0;
    for (int size : model.getSampleSize()) {
      bits += size;
    }
    return Math.max(1, (bits + 7) / 8);
  }

  /**
   * The resolution the file declares (PNG pHYs, JPEG JFIF, TIFF), or 0 when it declares none or one
   * no scanner makes (Tesseract then estimates it from the text).
   */
  private int dpi(int index) {
    try {
      IIOMetadata metadata = reader.getImageMetadata(index);
      if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
        return 0;
      }
      Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!n.getNodeName().equals("Dimension")) {
          continue;
        }
        for (Node d = n.getFirstChild(); d != null; d = d.getNextSibling()) {
          if (d.getNodeName().equals("HorizontalPixelSize")) {
            NamedNodeMap attributes = d.getAttributes();
            Node value = attributes == null ? null : attributes.getNamedItem("value");
            return plausibleDpi(value == null ? 0 : Double.parseDouble(value.getNodeValue()));
          }
        }
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      return 0; // metadata is a hint; the pixels are what counts
    }
  }

  /**
   * The resolution for a pixel size in millimetres, or 0 when outside 50-2400 dpi. The JDK's PNG
   * reader reports pixels per millimetre instead (7.87 for 200 dpi); the two ranges do not overlap,
   * so such a value is taken for what it is.
   */
  static int plausibleDpi(double mmPerPixel) {
    if (!(mmPerPixel > 0)) {
      return 0;
    }
    long dpi = Math.round(25.4 / mmPerPixel);
    if (dpi < 50) {
      dpi = Math.round(25.4 * mmPerPixel);
    }
    return dpi >= 50 && dpi <= 2400 ? (int) dpi : 0;
  }

  @Override
  public void close() throws IOException {
    reader.dispose();
    in.close();
  }
}
