package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrPageSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pictures inside a document (a Word file of scanned pages, a deck of slides that are
 * photographs) by OCR, for a document that has no text without them. One instance serves one
 * document: it reads at most {@code INTAKE_OCR_MAX_PAGES} pictures, each under OCR's page time
 * limit and pixel budget, and a picture it cannot decode or read is passed over, never failing the
 * document. Each picture's OCR is announced to the page stream ({@link PageStream#ocrStarting},
 * numbering the pictures) and its end too ({@link PageStream#ocrDone}): in the parser sandbox the
 * time spent on OCR counts against the page limit, not the parse limit, as for a scanned PDF.
 */
final class PictureOcr {

  /** A picture larger than this is not read: 64 MB, more than any scan of a page needs. */
  static final long MAX_PICTURE_BYTES = 64L << 20;

  private static final Logger log = LoggerFactory.getLogger(PictureOcr.class);

  private final Ocr ocr;
  private final PageStream out;
  private final int expected;
  private int read;

  /**
   * @param out the document's page stream, told when each picture's OCR begins and ends
   * @param pictures how many pictures the document's first reading passed over
   */
  PictureOcr(Ocr ocr, PageStream out, int pictures) {
    this.ocr = ocr;
    this.out = out;
    this.expected = Math.max(1, Math.min(pictures, ocr.settings().maxPages()));
  }

  /** Whether OCR can read pictures now: not off, and Tesseract installed. */
  boolean available() {
    return ocr.available();
  }

  /** The pictures read so far. */
  int read() {
    return read;
  }

  /** The text OCR finds in {@code picture}, or "" if it finds none or cannot read it. */
  String text(InputStream picture, String name) throws IOException {
    if (read >= ocr.settings().maxPages()) {
      return "";
    }
    read++;
    boolean ocrRunning = false;
    Path file = Files.createTempFile("intake-picture", ".img");
    try {
      if (!copyAtMost(picture, file)) {
        return "";
      }
      StringBuilder text = new StringBuilder();
      out.ocrStarting(read, Math.max(read, expected));
      ocrRunning = true;
      ocr.readImageFile(
          file,
          new OcrPageSink() {
            @Override
            public void starting(int page, int totalPages) {}

            @Override
            public void page(int page, int totalPages, String pageText) {
              text.append(text.isEmpty() ? "" : "\n\n").append(pageText);
            }
          });
      return text.toString();
    } catch (IngestException e) {
      if (e.code().equals("interrupted") || out.thrownBySink(e)) {
        throw e;
      }
      log.debug("picture {} not read by OCR: {}", name, e.getMessage());
      return "";
    } catch (IOException | RuntimeException e) {
      if (out.thrownBySink(e)) {
        throw PageStream.rethrow(e); // the job was stopped, say, while it was told of the picture
      }
      if (Thread.currentThread().isInterrupted()) {
        throw PageStream.interrupted(e);
      }
      log.debug("picture {} could not be decoded", name, e);
      return "";
    } finally {
      Files.deleteIfExists(file);
      if (ocrRunning) {
        out.ocrDone();
      }
    }
  }

  private static boolean copyAtMost(InputStream in, Path file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
        if (total > MAX_PICTURE_BYTES) {
          return false;
        }
        out.write(buffer, 0, n);
      }
    }
    return true;
  }
}
