package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
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
 * document.
 */
final class PictureOcr {

  /** A picture larger than this is not read: 64 MB, more than any scan of a page needs. */
  static final long MAX_PICTURE_BYTES = 64L << 20;

  private static final Logger log = LoggerFactory.getLogger(PictureOcr.class);

  private final Ocr ocr;
  private int read;

  PictureOcr(Ocr ocr) {
    this.ocr = ocr;
  }

  /** Whether OCR can read pictures now: not off, and Tesseract installed. */
  boolean available() {
    return ocr.settings().mode() != OcrMode.OFF && ocr.unavailableReason() == null;
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
    Path file = Files.createTempFile("intake-picture", ".img");
    try {
      if (!copyAtMost(picture, file)) {
        return "";
      }
      StringBuilder text = new StringBuilder();
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
      if (e.code().equals("interrupted")) {
        throw e;
      }
      log.debug("picture {} not read by OCR: {}", name, e.getMessage());
      return "";
    } catch (IOException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw PageStream.interrupted(e);
      }
      log.debug("picture {} could not be decoded", name, e);
      return "";
    } finally {
      Files.deleteIfExists(file);
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
