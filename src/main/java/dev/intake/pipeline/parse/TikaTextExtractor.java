package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts text with Tika's standard parsers, for every format Intake does not lay out itself:
 * Word, OpenDocument text, RTF, WordPerfect, HTML and MHT, EPUB, XML, plain text in any encoding,
 * mail, Excel workbooks, archives, and whatever else Tika reads (see {@link TikaParsers}).
 *
 * <p>An Excel workbook comes sheet by sheet, one page each (see {@link SheetHandler}); a mail
 * message starts with its header lines (see {@link MailHeaders}); everything else is page 1 of 1.
 * Embedded documents are parsed where they sit (see {@link EmbeddedDocuments}).
 */
final class TikaTextExtractor {

  static final String DAMAGED_ARCHIVE =
      "(The archive is damaged at this point: the files after it could not be read.)";

  private final TikaParsers parsers;
  private final int maxCharacters;
  private final Ocr ocr;
  private final PdfTextExtractor pdf;

  /**
   * @param pdf reads the PDFs inside documents where OCR works ({@link AttachedPdfs})
   */
  TikaTextExtractor(TikaParsers parsers, int maxCharacters, Ocr ocr, PdfTextExtractor pdf) {
    this.parsers = parsers;
    this.maxCharacters = maxCharacters;
    this.ocr = ocr;
    this.pdf = pdf;
  }

  void extract(Path file, String filename, MediaType type, DocumentFormat format, PageStream out) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    metadata.set(Metadata.CONTENT_TYPE, type.toString());
    if (format == DocumentFormat.SPREADSHEET) {
      SheetHandler sheets = new SheetHandler(new TextLimit(maxCharacters));
      parse(file, format, new BodyContentHandler(sheets), metadata);
      out.documentInfo(TikaDocumentInfo.from(metadata));
      List<SheetHandler.Sheet> all = sheets.sheets();
      for (int i = 0; i < all.size(); i++) {
        SheetHandler.Sheet sheet = all.get(i);
        String name = sheet.name() == null ? "" : Heading.normalizeTitle(sheet.name());
        // a sheet's name is its section
        List<Heading> title = name.isEmpty() ? List.of() : List.of(new Heading(1, name, 0));
        out.page(i + 1, all.size(), sheet.text(), false, title);
      }
      return;
    }
    Read read = read(file, type, format, metadata, null, out);
    boolean onlyPictures = read.text.text().isBlank() && read.embedded.picturesPassed() > 0;
    if (onlyPictures) {
      // No text but pictures: a Word file of scanned pages, slides that are photographs.
      PictureOcr pictures = new PictureOcr(ocr, out, read.embedded.picturesPassed());
      if (pictures.available()) {
        metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        metadata.set(Metadata.CONTENT_TYPE, type.toString());
        read = read(file, type, format, metadata, pictures, out);
        out.ocrOutcome(pictures.read(), null);
      } else {
        out.ocrOutcome(0, ocr.unavailableReason());
      }
    }
    BodyTextHandler text = read.text;
    HeadingHandler headings = read.headings;
    String body = read.damaged ? text.text() + "\n\n" + DAMAGED_ARCHIVE : text.text();
    List<Heading> found =
        MarkdownHeadings.isMarkdown(type.toString(), filename)
            ? MarkdownHeadings.find(body)
            : headings.take();
    if (format == DocumentFormat.MAIL
        && !type.getBaseType().toString().equals("application/mbox")) {
      String head = MailHeaders.text(metadata) + "\n\n";
      body = head + body;
      found =
          found.stream()
              .map(h -> new Heading(h.level(), h.title(), h.offset() + head.length()))
              .toList();
    }
    out.documentInfo(TikaDocumentInfo.from(metadata));
    out.page(1, 1, body, onlyPictures, found);
  }

  /** One reading of a document's text: its handlers, and whether an archive broke off. */
  private record Read(
      BodyTextHandler text, HeadingHandler headings, EmbeddedDocuments embedded, boolean damaged) {}

  /** Reads the document's text once; with {@code pictures}, its pictures are read by OCR. */
  private Read read(
      Path file,
      MediaType type,
      DocumentFormat format,
      Metadata metadata,
      PictureOcr pictures,
      PageStream out) {
    BodyTextHandler text = new BodyTextHandler(maxCharacters);
    HeadingHandler headings = new HeadingHandler(text, text::length);
    ParseContext context = new ParseContext();
    EmbeddedDocuments embedded =
        new EmbeddedDocuments(parsers.autoDetect(), context, maxCharacters, host(format));
    if (pictures != null) {
      embedded.readPictures(pictures);
    }
    if (ocr.available()) {
      // A scanned PDF attached to a mail, or inside an archive, is read as an upload would be.
      embedded.readPdfs(new AttachedPdfs(pdf, out, maxCharacters, ocr.settings().maxPages()));
    }
    context.set(EmbeddedDocumentExtractor.class, embedded);
    boolean damaged = false;
    try {
      parse(
          file,
          format,
          new BodyContentHandler(new OutlookHeaderSkipper(headings, metadata)),
          metadata,
          context);
    } catch (IngestException e) {
      // A damaged archive (a truncated tar) keeps the files read before the damage.
      damaged = format == DocumentFormat.ARCHIVE && e.code().equals("corrupt") && text.length() > 0;
      if (!damaged) {
        throw e;
      }
    }
    return new Read(text, headings, embedded, damaged);
  }

  private void parse(Path file, DocumentFormat format, ContentHandler handler, Metadata metadata) {
    ParseContext context = new ParseContext();
    context.set(
        EmbeddedDocumentExtractor.class,
        new EmbeddedDocuments(parsers.autoDetect(), context, maxCharacters, host(format)));
    parse(file, format, handler, metadata, context);
  }

  private void parse(
      Path file,
      DocumentFormat format,
      ContentHandler handler,
      Metadata metadata,
      ParseContext context) {
    context.set(EncodingDetector.class, new TextEncoding());
    TikaInputStream in;
    try {
      in = TikaInputStream.get(file);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
    Parser parser = parsers.autoDetect();
    try (in) {
      parser.parse(in, handler, metadata, context);
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      IngestException ours = findIngestException(e);
      if (ours != null) {
        throw ours;
      }
      if (ParseFailures.isEncryption(e)) {
        throw ParseFailures.encrypted(format);
      }
      throw ParseFailures.unreadable(file, format, e);
    }
  }

  private static EmbeddedDocuments.Host host(DocumentFormat format) {
    return switch (format) {
      case MAIL -> EmbeddedDocuments.Host.MAIL;
      case ARCHIVE -> EmbeddedDocuments.Host.ARCHIVE;
      default -> EmbeddedDocuments.Host.DOCUMENT;
    };
  }

  /** Tika parsers may wrap what the handler threw (too large, interrupted); unwrap it. */
  static IngestException findIngestException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IngestException ingest) {
        return ingest;
      }
    }
    return null;
  }
}
