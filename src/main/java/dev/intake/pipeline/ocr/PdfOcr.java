package dev.intake.pipeline.ocr;

import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCR for the pages of one PDF, asked page by page while its text layer is extracted: decides
 * whether a page is read by OCR (see {@link OcrMode}), renders it and reads it. Remembers why pages
 * that needed OCR were not read, for the message of a document left without text.
 */
public final class PdfOcr {
  private static final Logger log = LoggerFactory.getLogger(PdfOcr.class);

  private static final boolean JPEG_2000_READABLE =
      ImageIO.getImageReadersByFormatName("JPEG2000").hasNext();

  private final Ocr ocr;
  private final PDDocument document;
  private final OcrProgress progress;
  private PdfPageRenderer renderer;
  private int pagesRead;
  private int pagesStarted;
  private String notRead;

  PdfOcr(Ocr ocr, PDDocument document, OcrProgress progress) {
    this.ocr = ocr;
    this.document = document;
    this.progress = progress;
  }

  /**
   * The page's text as OCR reads it, or null to keep its text layer: the page has one (or OCR is
   * off), OCR read less than it holds, or the page could not be read (then {@link #notReadReason()}
   * says why).
   *
   * @param pageNumber the page's number, from 1; its index in the document is one less
   * @param textLayer the text extracted from the page's text layer
   * @param drawsImages whether the page draws an image
   * @throws dev.intake.pipeline.IngestException the page's OCR failed or overran its time limit
   */
  public String pageText(
      PDPage page, int pageNumber, int totalPages, CharSequence textLayer, boolean drawsImages) {
    OcrMode mode = ocr.settings().mode();
    boolean wanted =
        mode == OcrMode.ALWAYS
            || (drawsImages && nonWhitespace(textLayer) < Ocr.TEXT_LAYER_MIN_CHARACTERS);
    if (!wanted) {
      return null;
    }
    String unavailable = ocr.unavailableReason();
    if (unavailable != null) {
      noteNotRead(mode == OcrMode.OFF ? unavailable : "OCR is unavailable: " + unavailable);
      return null;
    }
    if (drawsUndecodableImage(page)) {
      noteNotRead("page " + pageNumber + " has a JPEG 2000 image, which Intake cannot decode");
      return null;
    }
    checkPageLimit(mode, totalPages);
    pagesStarted++;
    progress.starting(pageNumber, totalPages);
    long started = System.nanoTime();
    GrayImage image;
    try {
      image = renderer().render(pageNumber - 1, page);
    } catch (IOException | RuntimeException e) {
      log.warn("page {} could not be rendered for OCR: {}", pageNumber, e.toString());
      noteNotRead("page " + pageNumber + " could not be rendered for OCR");
      return null;
    }
    if (image == null) {
      noteNotRead(
          "page "
              + pageNumber
              + " is too large for OCR ("
              + PdfPageRenderer.sizeInInches(page)
              + ")");
      return null;
    }
    String text = ocr.recognize(image, pageNumber, started);
    pagesRead++;
    // A few characters of a text layer (a page number over a scan) are kept when OCR reads less.
    return mode == OcrMode.ALWAYS || nonWhitespace(text) >= nonWhitespace(textLayer) ? text : null;
  }

  /**
   * Fails the document before OCR reads one page more than {@code INTAKE_OCR_MAX_PAGES}; with
   * {@code INTAKE_OCR=always}, which reads every page, before the first page of a document that has
   * more.
   */
  private void checkPageLimit(OcrMode mode, int totalPages) {
    int most = ocr.settings().maxPages();
    if (mode == OcrMode.ALWAYS && totalPages > most) {
      throw ocr.tooManyPages(
          "The document",
          String.format(Locale.ROOT, "%,d, and INTAKE_OCR=always reads each", totalPages));
    }
    if (pagesStarted >= most) {
      throw ocr.tooManyPages(
          "The document", String.format(Locale.ROOT, "more than %,d without text", most));
    }
  }

  /** Pages read by OCR so far. */
  public int pagesRead() {
    return pagesRead;
  }

  /**
   * Why a page that needed OCR was not read: the first such reason ("OCR is off (INTAKE_OCR=off)",
   * "page 2 is too large for OCR (…)"); null when every page that needed OCR was read.
   */
  public String notReadReason() {
    return notRead;
  }

  private void noteNotRead(String why) {
    if (notRead == null) {
      notRead = why;
    }
  }

  private PdfPageRenderer renderer() {
    if (renderer == null) {
      renderer = new PdfPageRenderer(document, ocr.budget());
    }
    return renderer;
  }

  /**
   * Whether the page draws an image PDFBox cannot decode here: JPEG 2000 (common in archival scans)
   * needs an ImageIO reader Intake does not ship. PDFBox would log it and render the page without
   * it, and OCR would find a blank page: a document silently without text. Only the page's own
   * image XObjects are looked at, without decoding them.
   */
  static boolean drawsUndecodableImage(PDPage page) {
    if (JPEG_2000_READABLE || page.getResources() == null) {
      return false;
    }
    COSDictionary xobjects = page.getResources().getCOSObject().getCOSDictionary(COSName.XOBJECT);
    if (xobjects == null) {
      return false;
    }
    for (COSName name : xobjects.keySet()) {
      if (xobjects.getDictionaryObject(name) instanceof COSStream image
          && COSName.IMAGE.equals(image.getCOSName(COSName.SUBTYPE))
          && hasFilter(image, COSName.JPX_DECODE)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasFilter(COSStream stream, COSName filter) {
    COSBase filters = stream.getDictionaryObject(COSName.FILTER);
    if (filters instanceof COSArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (filter.equals(array.getObject(i))) {
          return true;
        }
      }
      return false;
    }
    return filter.equals(filters);
  }

  private static int nonWhitespace(CharSequence text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
