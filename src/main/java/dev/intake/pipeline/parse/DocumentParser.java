package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrPageSink;
import dev.intake.pipeline.ocr.OcrSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a document's text and streams it, page by page, to a {@link PageSink}. PDFs come page by
 * page (see {@link PdfTextExtractor}); Word, OpenDocument, RTF, HTML, EPUB, Markdown and other text
 * files come whole as page 1 of 1; images are read by OCR (see {@link Ocr}), a TIFF page by page,
 * and so are PDF pages without a text layer. The type is detected from the content and the file
 * name.
 *
 * <p>A document without text fails, unless OCR read every page that needed it and found no words (a
 * photograph): then it is parsed, with no characters.
 *
 * <p>Every failure is an {@link IngestException}: permanent with code {@code empty}, {@code
 * unsupported_type}, {@code encrypted}, {@code corrupt}, {@code too_large}, {@code not_text} (a
 * "text" file that holds binary data, see {@link TextSample}) or {@code no_text}; transient with
 * {@code io_error} or {@code interrupted}. An exception thrown by the sink passes through
 * unchanged. Messages are written for the person who uploaded the file.
 *
 * <p>One instance is built at start-up and shared by all worker threads; it holds no state per
 * document. Tika's parsers are named one by one (see {@link TikaTextExtractor}), so Tika does not
 * log about optional libraries it lacks. PDFBox does warn freely about fonts and glyphs in real
 * files (1,500 warnings for one damaged file of the test corpus): the application's logging
 * configuration should set {@code org.apache.pdfbox} and {@code org.apache.fontbox} to ERROR.
 */
public final class DocumentParser {

  /** The most characters read from a document without pages: 50 million, 100 MB as Java chars. */
  static final int DEFAULT_MAX_CHARACTERS = 50_000_000;

  private static final Logger log = LoggerFactory.getLogger(DocumentParser.class);
  private static final MediaType OOXML_ENCRYPTED = MediaType.application("x-tika-ooxml-protected");

  private final Detector detector = new DefaultDetector();
  private final TikaParsers parsers = new TikaParsers();
  private final Ocr ocr;
  private final PdfTextExtractor pdf;
  private final TikaTextExtractor tika;
  private final SlideExtractor slides;
  private final OdfExtractor odf;
  private final DelimitedTextExtractor delimited;

  public DocumentParser() {
    this(DEFAULT_MAX_CHARACTERS);
  }

  /** A parser that reads at most {@code maxCharacters} characters of a document without pages. */
  public DocumentParser(int maxCharacters) {
    this(maxCharacters, new Ocr(OcrSettings.DEFAULT));
  }

  /** The same, with {@code ocr} reading images and PDF pages without a text layer. */
  public DocumentParser(int maxCharacters, Ocr ocr) {
    this.ocr = ocr;
    this.pdf = new PdfTextExtractor(ocr, parsers, maxCharacters);
    this.tika = new TikaTextExtractor(parsers, maxCharacters, ocr, pdf);
    this.slides = new SlideExtractor(parsers, maxCharacters);
    this.odf = new OdfExtractor(maxCharacters);
    this.delimited = new DelimitedTextExtractor(maxCharacters);
  }

  /**
   * Loads what telling a document's language needs (70 language profiles, about 1 s and 74 MB),
   * unless the heap is too small for them; otherwise the first document that needs them does.
   */
  public static void preloadLanguageProfiles() {
    TextLanguage.preload();
  }

  /**
   * Streams the document's text page by page, pages 1..N in order, to sink.
   *
   * @param file where the document is stored
   * @param filename the name it was uploaded under; helps detect its type
   * @throws IngestException if the document cannot be read; see the class comment for the codes
   */
  public ParseSummary parse(Path file, String filename, PageSink sink) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sink, "sink");
    PageStream.checkInterrupted();
    if (size(file) == 0) {
      throw IngestException.permanent("empty", "The file is empty");
    }
    String name = filename == null ? "" : filename;
    MediaType type = detect(file, name);
    if (type.getBaseType().equals(OOXML_ENCRYPTED)) {
      return parseWithDefaultPassword(file, name, sink);
    }
    DocumentFormat format = parsers.formatOf(type);
    if (format == null) {
      throw IngestException.permanent(
          "unsupported_type", "Unsupported file type: " + type.getBaseType());
    }
    if ((format == DocumentFormat.TEXT || format == DocumentFormat.DELIMITED)
        && !looksLikeText(file)) {
      throw IngestException.permanent(
          "not_text", "The file is not a text file: it holds binary data, not text");
    }
    if (type.getBaseType().toString().startsWith("application/vnd.oasis.opendocument.")
        && OdfExtractor.isEncrypted(file)) {
      throw ParseFailures.encrypted(format);
    }
    PageStream pages = new PageStream(sink);
    switch (format) {
      case PDF -> pdf.extract(file, pages);
      case IMAGE -> readImage(file, pages);
      case PRESENTATION -> {
        if (!slides.extract(file, pages)) {
          tika.extract(file, name, type, format, pages);
        }
      }
      case OPEN_DOCUMENT_PRESENTATION, OPEN_DOCUMENT_SPREADSHEET -> {
        if (!odf.extract(file, format, pages)) {
          tika.extract(file, name, type, format, pages);
        }
      }
      case DELIMITED ->
          delimited.extract(
              file, name, type.getBaseType().toString().equals("text/tab-separated-values"), pages);
      default -> tika.extract(file, name, type, format, pages);
    }
    if (!pages.hasText() && !readByOcrWithoutText(pages)) {
      throw IngestException.permanent("no_text", noTextMessage(format, type, pages));
    }
    log.debug(
        "Parsed {} {}: {} pages, {} characters", format, type, pages.pages(), pages.characters());
    return new ParseSummary(
        type.getBaseType().toString(), pages.pages(), pages.characters(), documentInfo(pages));
  }

  /**
   * What the file says about itself, with the language told from its text where the file declares
   * none (see {@link TextLanguage}). A detection that fails leaves the language unknown: it never
   * fails the document.
   */
  private static DocumentInfo documentInfo(PageStream pages) {
    DocumentInfo info = pages.documentInfo();
    if (info.language() != null) {
      return info;
    }
    try {
      return info.withLanguageIfAbsent(TextLanguage.detect(pages.textSample()));
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: the profiles failed to load (ExceptionInInitializerError, then
      // NoClassDefFoundError on every later document).
      log.warn("Could not tell the document's language: {}", e.toString());
      return info;
    }
  }

  /**
   * An encrypted Office 2007+ file: read if its password is Office's default one (a workbook only
   * protected against changes), else refused as encrypted.
   */
  private ParseSummary parseWithDefaultPassword(Path file, String name, PageSink sink) {
    Path plain;
    try {
      plain = DefaultPasswordDecryption.decrypt(file);
    } catch (IOException e) {
      throw ParseFailures.unreadable(file, parsers.formatOf(detectByName(name)), e);
    }
    if (plain == null) {
      // The encrypted package hides which Office format it holds; the name tells.
      throw ParseFailures.encrypted(parsers.formatOf(detectByName(name)));
    }
    try {
      MediaType inner = detect(plain, name);
      if (inner.getBaseType().equals(OOXML_ENCRYPTED)) {
        throw ParseFailures.encrypted(parsers.formatOf(detectByName(name)));
      }
      return parse(plain, name, sink);
    } finally {
      try {
        Files.deleteIfExists(plain);
      } catch (IOException e) {
        log.warn("Could not delete the decrypted copy {}", plain, e);
      }
    }
  }

  private void readImage(Path file, PageStream pages) {
    try {
      ocr.readImageFile(
          file,
          new OcrPageSink() {
            @Override
            public void starting(int page, int totalPages) {
              pages.ocrStarting(page, totalPages);
            }

            @Override
            public void page(int page, int totalPages, String text) {
              pages.page(page, totalPages, text, true);
            }
          });
      pages.ocrOutcome(pages.pages(), null);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IngestException || pages.thrownBySink(e)) {
        throw PageStream.rethrow(e);
      }
      throw ParseFailures.unreadable(file, DocumentFormat.IMAGE, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
  }

  private static boolean looksLikeText(Path file) {
    try {
      return TextSample.looksLikeText(file);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
  }

  private MediaType detect(Path file, String filename) {
    Metadata metadata = new Metadata();
    if (filename != null && !filename.isBlank()) {
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    }
    try (TikaInputStream in = TikaInputStream.get(file)) {
      return detector.detect(in, metadata);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
  }

  /** The type a file name alone suggests. */
  private MediaType detectByName(String filename) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    try {
      return detector.detect(null, metadata);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
  }

  /**
   * Whether OCR read every page that needed it and found no words: a photograph, a drawing. Such a
   * document is ingested, without chunks: nothing about it can be fixed by the person who sent it,
   * unlike a document whose pages could not be read (OCR off or unavailable, a page too large).
   */
  private static boolean readByOcrWithoutText(PageStream pages) {
    return pages.ocrPagesRead() > 0 && pages.ocrNotRead() == null;
  }

  private static String noTextMessage(DocumentFormat format, MediaType type, PageStream pages) {
    int total = pages.pages();
    int withImages = pages.pagesWithImages();
    // Why pages that draw only images have no text: OCR is off or unavailable, or could not read
    // one of them.
    String ocrSays = pages.ocrNotRead() == null ? "OCR found no text" : pages.ocrNotRead();
    if (format != DocumentFormat.PDF && type.getType().equals("image")) {
      return "No extractable text: OCR reads PNG, JPEG, TIFF, BMP, GIF and WebP images, not "
          + type.getBaseType()
          + ", and the file holds no other text";
    } else if (format != DocumentFormat.PDF && withImages > 0) {
      return "No extractable text: the document contains only pictures, and " + ocrSays;
    } else if (format != DocumentFormat.PDF) {
      return "No extractable text: the document contains no text";
    } else if (total == 0) {
      return "No extractable text: the PDF has no pages";
    } else if (withImages == total) {
      return total == 1
          ? "No extractable text: the page contains only images, and " + ocrSays
          : "No extractable text: all " + total + " pages contain only images, and " + ocrSays;
    }
    String noText =
        total == 1
            ? "No extractable text: the page contains no text"
            : "No extractable text: none of the " + total + " pages contains text";
    return withImages == 0 ? noText : noText + "; some contain only images, and " + ocrSays;
  }
}
